#Requires -Version 7.0
<#
.SYNOPSIS
    The cmdlets on pwsh against the emulator process, side by side in one run with what an admin would otherwise
    write: wall time against the floor and against the peers, CPU and peak memory of each.

.DESCRIPTION
    Run after a Release build (out/Bailian and the emulator's Release build), from any folder:
        dotnet build Bailian.Pwsh.sln -c Release
        dotnet pwsh -NoProfile -File benchmarks/CmdletRun.ps1                       # 40, 1,000, 10,000 rows; 3 runs
        dotnet pwsh -NoProfile -File benchmarks/CmdletRun.ps1 -Rows 40,1000 -LatencyMs 1000,60 -Runs 1   # a quick look
    For each row count and each mode it starts nothing new: one emulator process serves the whole run, its latency
    and per-model concurrency limit set through its control endpoints before each block. Each contender runs in a
    pwsh process of its own (benchmarks/CmdletRunContender.ps1), one after another, so its CPU and peak memory are
    its own and nobody shares the server's slots:
      Bailian   Import-Csv | New-BailianImage -ThrottleLimit N | Save-BailianImage
      Loop      Import-Csv | ForEach-Object { Invoke-RestMethod ...; Invoke-WebRequest -OutFile ... }
      Parallel  the same loop body under ForEach-Object -Parallel -ThrottleLimit 4
    Modes: Fitting = the server takes 4 at once and Bailian runs its default -ThrottleLimit 4; OverSubscribed = the
    server takes 3 and Bailian runs -ThrottleLimit 8 (the peers keep 4, also over). Beyond the limit the server
    answers 429 with Retry-After: 1 (none with -NoRetryAfter).
    The floor is rows x latency / the server's limit: no client can beat it. Medians of -Runs runs, with min and max.

.PARAMETER LatencyMs
    Per image, one value per -Rows entry or one for all. By default 1000 ms up to 100 rows, 60 ms up to 2,000 and
    10 ms above, so that every block's floor stays between about 10 and 35 s.
#>
[CmdletBinding()]
param(
    # Lists are comma-separated text ("40,1000"), as pwsh -File passes every argument as one string.
    [string] $Rows = '40,1000,10000',
    [string] $LatencyMs,
    [string] $Mode = 'Fitting,OverSubscribed',
    [string] $Contender = 'Bailian,Loop,Parallel',
    [ValidateRange(1, 100)][int] $Runs = 3,
    [switch] $NoRetryAfter,
    # Also writes every run's raw figures here, as JSON.
    [string] $JsonPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Split-List([string] $Text, [string[]] $Allowed) {
    $items = @($Text -split ',' | ForEach-Object Trim | Where-Object { $_ })
    foreach ($item in $items) {
        if ($Allowed -and $item -notin $Allowed) { throw "'$item' is not one of $($Allowed -join ', ')." }
    }
    return $items
}
$rowCounts = @(Split-List $Rows | ForEach-Object { [int]::Parse($_, [cultureinfo]::InvariantCulture) })
$latencies = @(Split-List $LatencyMs | ForEach-Object { [int]::Parse($_, [cultureinfo]::InvariantCulture) })
$modes = @(Split-List $Mode 'Fitting', 'OverSubscribed')
$contenders = @(Split-List $Contender 'Bailian', 'Loop', 'Parallel')
$repo = Split-Path -Parent $PSScriptRoot
. (Join-Path $repo 'tools' 'EmulatorProcess.ps1')
$manifest = Join-Path $repo 'out' 'Bailian' 'Bailian.psd1'
if (-not (Test-Path -LiteralPath $manifest)) { throw "The module is not built ($manifest): run dotnet build Bailian.Pwsh.sln -c Release first." }
$contenderScript = Join-Path $PSScriptRoot 'CmdletRunContender.ps1'
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-cmdletrun-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
$key = 'sk-emulator-beijing'

# The same pwsh as this one: 'dotnet pwsh' runs pwsh.dll under the dotnet host, a pwsh install runs itself.
$pwshHost = (Get-Process -Id $PID).Path
$pwshArgs = @([Environment]::GetCommandLineArgs()[0] | Where-Object { $_ -like '*.dll' })

function Set-Emulator([string] $Path) {
    $null = Invoke-RestMethod -Method Put -Uri ($emulator.Base + $Path) -NoProxy
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function Invoke-Contender([string] $Name, [string] $Csv, [string] $Api, [int] $Throttle) {
    $out = Join-Path $work ('out-' + [guid]::NewGuid().ToString('N'))
    try {
        $lines = & $pwshHost @pwshArgs -NoProfile -NonInteractive -File $contenderScript -Contender $Name -Csv $Csv -Out $out `
            -Api $Api -Key $key -ThrottleLimit $Throttle -Manifest $manifest 2>&1
        $line = @($lines | Where-Object { "$_".StartsWith('BENCH ') } | Select-Object -Last 1)
        if ($line.Count -eq 0) { throw "$Name printed no result:`n$($lines -join "`n")" }
        return ConvertFrom-Json "$($line[0])".Substring(6)
    }
    finally {
        Remove-Item -LiteralPath $out -Recurse -Force -ErrorAction SilentlyContinue
    }
}

$emulator = Start-BailianEmulatorProcess -DllPath (Find-BailianEmulatorDll -RepoRoot $repo -Configuration 'Release')
$results = [System.Collections.Generic.List[object]]::new()
try {
    $api = $emulator.Base + 'cn-beijing/api/v1'
    Set-Emulator ('_emulator/limits?throttleRetryAfterMs=' + $(if ($NoRetryAfter) { 0 } else { 1000 }))
    for ($i = 0; $i -lt $rowCounts.Count; $i++) {
        $count = $rowCounts[$i]
        $latency = if ($latencies.Count) { $latencies[[math]::Min($i, $latencies.Count - 1)] } elseif ($count -le 100) { 1000 } elseif ($count -le 2000) { 60 } else { 10 }
        $csv = Join-Path $work "rows-$count.csv"
        1..$count | ForEach-Object { [pscustomobject]@{ prompt = "cmdlet run row $_"; size = '1328*1328'; name = "row$_" } } |
            Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding UTF8
        foreach ($m in $modes) {
            $slots = if ($m -eq 'OverSubscribed') { 3 } else { 4 }
            $throttle = if ($m -eq 'OverSubscribed') { 8 } else { 4 }
            Set-Emulator "_emulator/latency?ms=$latency"
            Set-Emulator "_emulator/limits?concurrentPerModel=$slots"
            $floor = $count * $latency / 1000 / $slots
            for ($run = 1; $run -le $Runs; $run++) {
                foreach ($c in $contenders) {
                    $t = if ($c -eq 'Bailian') { $throttle } elseif ($c -eq 'Parallel') { 4 } else { 1 }
                    Write-Host ("rows {0}, {1}, latency {2} ms, run {3}: {4} ..." -f $count, $m, $latency, $run, $c) -NoNewline
                    $r = Invoke-Contender -Name $c -Csv $csv -Api $api -Throttle $t
                    Write-Host (" {0:0.00} s" -f $r.wallSeconds)
                    $results.Add([pscustomobject]@{
                            Rows = $count; Mode = $m; LatencyMs = $latency; Slots = $slots; Floor = $floor; Run = $run
                            Contender = $c; Wall = $r.wallSeconds; Cpu = $r.cpuSeconds; ProcessCpu = $r.processCpu
                            PeakMB = $r.peakMB; ImportMs = $r.importMs; Files = $r.files; Failures = $r.failures
                        })
                }
            }
        }
    }
}
finally {
    Stop-BailianEmulatorProcess -Emulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

if ($JsonPath) { $results | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath $JsonPath -Encoding utf8 }

function Format-Spread([double[]] $Values, [string] $Format) {
    '{0} ({1}-{2})' -f (Get-Median $Values).ToString($Format), ($Values | Measure-Object -Minimum).Minimum.ToString($Format),
        ($Values | Measure-Object -Maximum).Maximum.ToString($Format)
}

$retry = if ($NoRetryAfter) { 'no Retry-After' } else { 'Retry-After: 1' }
"`nMedian (min-max) of $Runs run(s); 429s carry $retry. CPU = the contender's process while its pipeline ran; peak = its peak working set.`n"
'| Rows | Mode | Latency | Floor | Contender | Wall s | x floor | x Bailian | CPU s | CPU ms/row | Process CPU s | Peak MB | Files | Failures |'
'|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
foreach ($block in ($results | Group-Object Rows, Mode)) {
    $ours = @($block.Group | Where-Object Contender -eq 'Bailian')
    $oursWall = if ($ours) { Get-Median @($ours.Wall) } else { $null }
    foreach ($c in ($block.Group | Group-Object Contender)) {
        $g = $c.Group
        $first = $g[0]
        $wall = Get-Median @($g.Wall)
        '| {0:N0} | {1} | {2} ms | {3:0.0} s | {4} | {5} | {6} | {7} | {8} | {9:0.00} | {10:0.0} | {11:0} | {12} | {13} |' -f `
            $first.Rows, $first.Mode, $first.LatencyMs, $first.Floor, $c.Name, (Format-Spread @($g.Wall) '0.00'), $(if ($first.Floor -gt 0) { ($wall / $first.Floor).ToString('0.000') } else { '-' }),
            $(if ($oursWall) { ($wall / $oursWall).ToString('0.00') } else { '-' }), (Format-Spread @($g.Cpu) '0.00'),
            ((Get-Median @($g.Cpu)) * 1000 / $first.Rows), (Get-Median @($g.ProcessCpu)), (Get-Median @($g.PeakMB)),
            (($g.Files | Measure-Object -Minimum).Minimum), (($g.Failures | Measure-Object -Maximum).Maximum)
    }
}
