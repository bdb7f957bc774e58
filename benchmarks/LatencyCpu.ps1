#Requires -Version 7.0
<#
.SYNOPSIS
    Does a batch cost more CPU when the server is slow? The CPU of Import-Csv | New-BailianImage |
    Save-BailianImage at 1 s per image against zero latency, in a fresh pwsh's first batch and in a pwsh whose
    runtime has finished compiling the hot path (issue 12 item 3: "CPU at 1 s latency no higher than at zero
    latency").

.DESCRIPTION
    Run after a Release build (out/Bailian and the emulator's Release build), from any folder:
        dotnet pwsh -NoProfile -File benchmarks/LatencyCpu.ps1 -Rows 40 -Runs 3 [-ReadyToRunPwsh]
    One emulator process; two pwsh children per run. The first measures its first, cold batch at zero latency and
    then stays idle until the wall time a batch at 1 s takes has passed. The second measures its first batch at 1 s,
    warms up (-WarmRows at zero latency, then -Rows at 1 s, then a pause for the runtime's background tier-1
    compiler), and then measures its own CPU time around -Rows at 1 s, the same time idle, and -Rows at 0 s, in turn.
    Each figure comes with the JIT compiler's share of it (System.Runtime.JitInfo, all threads): the first batch of
    a fresh process is where the runtime's tiered JIT recompiles PowerShell's, .NET's and Bailian's hot methods.
#>
[CmdletBinding()]
param(
    [int] $Rows = 40,
    [int] $WarmRows = 400,
    # Measured rounds (a batch at 1 s, as long idle, a batch at 0 s) per process, after the warm-up.
    [int] $Alternations = 3,
    [ValidateRange(1, 20)][int] $Runs = 3,
    # Run the children on a ReadyToRun copy of this pwsh, as PowerShell's release packages ship it (see
    # Get-ReadyToRunPwsh): the .NET tool's IL-only assemblies make the first batch pay PowerShell's own JIT too.
    [switch] $ReadyToRunPwsh,
    # Internal: the pwsh child's part (one run); not for use by hand. -ColdZero: the child measures only its first
    # batch, at zero latency, followed by idle up to the wall time the batch takes at 1 s.
    [string] $Emulator,
    [switch] $ColdZero
)

. (Join-Path $PSScriptRoot 'BenchmarkSupport.ps1')
$key = 'sk-emulator-beijing'
# Concurrent requests the emulator takes per model, the module's default -ThrottleLimit too: a batch at 1 s takes
# about Rows / Slots seconds.
$slots = 4

if ($Emulator) {
    $api = $Emulator + 'cn-beijing/api/v1'
    $out = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-latencycpu-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $out
    $self = [System.Diagnostics.Process]::GetCurrentProcess()
    function Measure-Batch([int] $LatencyMs, [int] $Count) {
        $null = Invoke-RestMethod -Method Put -Uri ($Emulator + "_emulator/latency?ms=$LatencyMs") -NoProxy
        $csv = 1..$Count | ForEach-Object { [pscustomobject]@{ prompt = "latency cpu row $_"; size = '1328*1328' } } | ConvertTo-Csv
        $start = Get-CpuAndJit
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $csv | ConvertFrom-Csv | New-BailianImage -Endpoint $api -ApiKey $key | Save-BailianImage -Path $out | Out-Null
        $clock.Stop()
        $spent = Get-CpuAndJit $start
        Get-ChildItem -LiteralPath $out -File | Remove-Item
        $spent + @{ latencyMs = $LatencyMs; wall = $clock.Elapsed.TotalSeconds }
    }

    # The process's CPU time, and the JIT compiler's share of it (all threads: the runtime's background tier-up
    # included), since -Since.
    function Get-CpuAndJit($Since = @{ cpu = 0; jit = 0; methods = 0 }) {
        $self.Refresh()
        @{
            cpu     = $self.TotalProcessorTime.TotalSeconds - $Since.cpu
            jit     = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalSeconds - $Since.jit
            methods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $Since.methods
        }
    }

    # What the process burns doing nothing for as long (the runtime's background compiler, GC, timers): the
    # part of a slow batch's CPU that is time passing, not work.
    function Measure-Idle([double] $Seconds) {
        $start = Get-CpuAndJit
        Start-Sleep -Milliseconds ([int]($Seconds * 1000))
        (Get-CpuAndJit $start) + @{ latencyMs = -1; wall = $Seconds }
    }

    Import-Module $BenchmarkManifest
    if ($ColdZero) {
        # A fresh process's runtime keeps compiling (tier-up) for seconds after a batch: compare like with like,
        # the same wall time from the first row on, whatever the latency.
        $batch = Measure-Batch 0 $Rows
        $rest = Measure-Idle ([math]::Max(0, $Rows / $slots - $batch.wall))
        $cold = @{ latencyMs = 0; cpu = $batch.cpu + $rest.cpu; jit = $batch.jit + $rest.jit; methods = $batch.methods + $rest.methods; wall = $batch.wall + $rest.wall }
        'LATENCYCPU ' + (@{ cold = $cold; warm = @() } | ConvertTo-Json -Compress -Depth 4)
        return
    }
    $cold = Measure-Batch 1000 $Rows
    $null = Measure-Batch 0 $WarmRows
    $null = Measure-Batch 1000 $Rows
    Start-Sleep -Seconds 3
    $warm = foreach ($i in 1..$Alternations) {
        $slow = Measure-Batch 1000 $Rows
        $slow
        Measure-Idle $slow.wall
        Measure-Batch 0 $Rows
    }
    Remove-Item -LiteralPath $out -Recurse -Force
    'LATENCYCPU ' + (@{ cold = $cold; warm = @($warm) } | ConvertTo-Json -Compress -Depth 4)
    return
}

$pwshDll = if ($ReadyToRunPwsh) { Get-ReadyToRunPwsh } else { '' }
$rowsOf = [ordered]@{
    'first batch of a fresh pwsh, 1 s per image'                                          = [System.Collections.Generic.List[object]]::new()
    'first batch of a fresh pwsh, zero latency, then idle for the rest of that wall time' = [System.Collections.Generic.List[object]]::new()
    'warm process, 1 s per image'                                                         = [System.Collections.Generic.List[object]]::new()
    'warm process, the same wall time idle (Start-Sleep)'                                 = [System.Collections.Generic.List[object]]::new()
    'warm process, zero latency'                                                          = [System.Collections.Generic.List[object]]::new()
}
$cold1s, $cold0, $warm1s, $idle, $warm0 = @($rowsOf.Values)
$warmOf = @{ 1000 = $warm1s; -1 = $idle; 0 = $warm0 }
$server = Start-BenchmarkEmulator
try {
    $null = Invoke-RestMethod -Method Put -Uri ($server.Base + "_emulator/limits?concurrentPerModel=$slots") -NoProxy
    for ($i = 1; $i -le $Runs; $i++) {
        $z = Invoke-BenchmarkChild $PSCommandPath 'LATENCYCPU' @('-Emulator', $server.Base, '-Rows', $Rows, '-ColdZero') -PwshDll $pwshDll
        $cold0.Add($z.cold)
        $r = Invoke-BenchmarkChild $PSCommandPath 'LATENCYCPU' @('-Emulator', $server.Base, '-Rows', $Rows, '-WarmRows', $WarmRows, '-Alternations', $Alternations) -PwshDll $pwshDll
        $cold1s.Add($r.cold)
        foreach ($m in $r.warm) { $warmOf[[int]$m.latencyMs].Add($m) }
        $show = { param($kind) ($r.warm | Where-Object latencyMs -EQ $kind | ForEach-Object { $_.cpu.ToString('0.000') }) -join ', ' }
        Write-Host ('run {0}: cold batch at 1 s {1:0.00} s CPU ({2:0.00} JIT); cold at 0 s then idle as long {3:0.00} ({4:0.00} JIT); warm at 1 s {5}; idle as long {6}; warm at 0 s {7}' -f $i,
            $r.cold.cpu, $r.cold.jit, $z.cold.cpu, $z.cold.jit, (& $show 1000), (& $show -1), (& $show 0))
    }
}
finally {
    Stop-BenchmarkEmulator $server
}

"`n| $Rows rows through the cmdlets | CPU s | of which JIT s (all threads) | Methods compiled |"
'|---|---:|---:|---:|'
foreach ($label in $rowsOf.Keys) {
    $m = $rowsOf[$label]
    '| {0} | {1} | {2} | {3} |' -f $label, (Format-Spread $m.cpu), (Format-Spread $m.jit), (Format-Spread $m.methods '0')
}
'(median (min-max) of ' + $Runs + ' runs' + $(if ($Alternations -gt 1) { ", $Alternations rounds each for the warm rows)" } else { ')' })
