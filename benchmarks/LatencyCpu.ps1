#Requires -Version 7.0
<#
.SYNOPSIS
    Does a batch cost more CPU when the server is slow? The CPU of Import-Csv | New-BailianImage |
    Save-BailianImage at 1 s per image against zero latency, both measured in one pwsh whose runtime has
    finished compiling the hot path (issue 12 item 3: "CPU at 1 s latency no higher than at zero latency").

.DESCRIPTION
    Run after a Release build (out/Bailian and the emulator's Release build), from any folder:
        dotnet pwsh -NoProfile -File benchmarks/LatencyCpu.ps1 -Rows 40 -Runs 3
    One emulator process; one pwsh child per run, which first warms up (-WarmRows at zero latency, then -Rows at
    1 s, then a pause for the runtime's background tier-1 compiler), and then measures its own CPU time around
    -Rows at 1 s, the same time idle, and -Rows at 0 s, in turn. The first, cold batch of a fresh process is measured too: it is
    where the runtime's tiered JIT recompiles PowerShell's, .NET's and Bailian's hot methods once per process.
#>
[CmdletBinding()]
param(
    [int] $Rows = 40,
    [int] $WarmRows = 400,
    # Measured rounds (a batch at 1 s, as long idle, a batch at 0 s) per process, after the warm-up.
    [int] $Alternations = 3,
    [ValidateRange(1, 20)][int] $Runs = 3,
    # Internal: the pwsh child's part (one run); not for use by hand.
    [string] $Emulator
)

. (Join-Path $PSScriptRoot 'BenchmarkSupport.ps1')
$key = 'sk-emulator-beijing'

if ($Emulator) {
    $api = $Emulator + 'cn-beijing/api/v1'
    $out = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-latencycpu-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $out
    $self = [System.Diagnostics.Process]::GetCurrentProcess()
    function Measure-Batch([int] $LatencyMs, [int] $Count) {
        $null = Invoke-RestMethod -Method Put -Uri ($Emulator + "_emulator/latency?ms=$LatencyMs") -NoProxy
        $csv = 1..$Count | ForEach-Object { [pscustomobject]@{ prompt = "latency cpu row $_"; size = '1328*1328' } } | ConvertTo-Csv
        $self.Refresh()
        $before = $self.TotalProcessorTime
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $csv | ConvertFrom-Csv | New-BailianImage -Endpoint $api -ApiKey $key | Save-BailianImage -Path $out | Out-Null
        $clock.Stop()
        $self.Refresh()
        Get-ChildItem -LiteralPath $out -File | Remove-Item
        @{ latencyMs = $LatencyMs; cpu = ($self.TotalProcessorTime - $before).TotalSeconds; wall = $clock.Elapsed.TotalSeconds }
    }

    # What the process burns doing nothing for as long (the runtime's background compiler, GC, timers): the
    # part of a slow batch's CPU that is time passing, not work.
    function Measure-Idle([double] $Seconds) {
        $self.Refresh()
        $before = $self.TotalProcessorTime
        Start-Sleep -Milliseconds ([int]($Seconds * 1000))
        $self.Refresh()
        @{ latencyMs = -1; cpu = ($self.TotalProcessorTime - $before).TotalSeconds; wall = $Seconds }
    }

    Import-Module $BenchmarkManifest
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

$server = Start-BenchmarkEmulator
$cold = [System.Collections.Generic.List[double]]::new()
$at1s = [System.Collections.Generic.List[double]]::new()
$at0 = [System.Collections.Generic.List[double]]::new()
$idle = [System.Collections.Generic.List[double]]::new()
$byKind = @{ 1000 = $at1s; 0 = $at0; -1 = $idle }
try {
    $null = Invoke-RestMethod -Method Put -Uri ($server.Base + '_emulator/limits?concurrentPerModel=4') -NoProxy
    for ($i = 1; $i -le $Runs; $i++) {
        $r = Invoke-BenchmarkChild $PSCommandPath 'LATENCYCPU' @('-Emulator', $server.Base, '-Rows', $Rows, '-WarmRows', $WarmRows, '-Alternations', $Alternations)
        $cold.Add($r.cold.cpu)
        foreach ($m in $r.warm) { $byKind[[int]$m.latencyMs].Add($m.cpu) }
        $show = { param($kind) ($r.warm | Where-Object latencyMs -EQ $kind | ForEach-Object { $_.cpu.ToString('0.000') }) -join ', ' }
        Write-Host ('run {0}: cold batch at 1 s {1:0.00} s CPU; warm at 1 s {2}; idle as long {3}; warm at 0 s {4}' -f $i, $r.cold.cpu,
            (& $show 1000), (& $show -1), (& $show 0))
    }
}
finally {
    Stop-BenchmarkEmulator $server
}

"`n| $Rows rows through the cmdlets | CPU s, median (min-max) |"
'|---|---:|'
"| first batch of a fresh pwsh, 1 s per image | $(Format-Spread $cold) |"
"| warm process, 1 s per image | $(Format-Spread $at1s) |"
"| warm process, the same wall time idle (Start-Sleep) | $(Format-Spread $idle) |"
"| warm process, zero latency | $(Format-Spread $at0) |"
