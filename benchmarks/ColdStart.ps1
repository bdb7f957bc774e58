#Requires -Version 7.0
<#
.SYNOPSIS
    Cold start (issue 12 item 4): how long the first New-BailianImage of a fresh pwsh takes, right after
    Import-Module returns and once the import's background warm-up has had time to finish; the second call
    shows the warm figure.

.DESCRIPTION
    Run after a Release build (out/Bailian and the emulator's Release build), from any folder:
        dotnet pwsh -NoProfile -File benchmarks/ColdStart.ps1 -Runs 6
    One emulator process (zero latency); each measurement is a pwsh process of its own, the two kinds taken in
    turn so that load on the machine falls on both alike.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 50)][int] $Runs = 6,
    # Internal: the pwsh child's part (one measurement); not for use by hand.
    [string] $Api,
    [int] $SleepMs
)

. (Join-Path $PSScriptRoot 'BenchmarkSupport.ps1')

if ($Api) {
    $key = 'sk-emulator-beijing'
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    Import-Module $BenchmarkManifest
    $import = $clock.Elapsed.TotalMilliseconds
    if ($SleepMs) { Start-Sleep -Milliseconds $SleepMs }
    $first = (Measure-Command { $null = New-BailianImage 'cold start' -Endpoint $Api -ApiKey $key }).TotalMilliseconds
    $second = (Measure-Command { $null = New-BailianImage 'warm' -Endpoint $Api -ApiKey $key }).TotalMilliseconds
    'COLDSTART ' + (@{ import = $import; first = $first; second = $second } | ConvertTo-Json -Compress)
    return
}

$server = Start-BenchmarkEmulator
$figures = @{ 0 = [System.Collections.Generic.List[object]]::new(); 1000 = [System.Collections.Generic.List[object]]::new() }
try {
    $null = Invoke-RestMethod -Method Put -Uri ($server.Base + '_emulator/latency?ms=0') -NoProxy
    for ($i = 1; $i -le $Runs; $i++) {
        foreach ($sleep in 0, 1000) {
            $r = Invoke-BenchmarkChild $PSCommandPath 'COLDSTART' @('-Api', ($server.Base + 'cn-beijing/api/v1'), '-SleepMs', $sleep)
            Write-Host ('run {0}, {1,4} ms after the import: import {2:0} ms, first call {3:0} ms, second {4:0} ms' -f $i, $sleep, $r.import, $r.first, $r.second)
            $figures[$sleep].Add($r)
        }
    }
}
finally {
    Stop-BenchmarkEmulator $server
}

"`n| When the first New-BailianImage runs | First call, ms | Second call, ms | Import-Module, ms |"
'|---|---:|---:|---:|'
'| right after Import-Module returns | {0} | {1} | {2} |' -f (Format-Spread $figures[0].first '0'), (Format-Spread $figures[0].second '0'), (Format-Spread $figures[0].import '0')
'| 1 s after Import-Module (the warm-up had time to finish) | {0} | {1} | {2} |' -f (Format-Spread $figures[1000].first '0'), (Format-Spread $figures[1000].second '0'), (Format-Spread $figures[1000].import '0')
