#Requires -Version 7.0
<#
.SYNOPSIS
    Cold start (issue 12 item 4): how long the first New-BailianImage of a fresh pwsh takes, right after
    Import-Module returns and once the import's background warm-up has had time to finish; the second call
    shows the warm figure. Beside it, the first Invoke-RestMethod of a fresh pwsh sending the same kind of request:
    what any first web call costs in that pwsh.

.DESCRIPTION
    Run after a Release build (out/Bailian and the emulator's Release build), from any folder:
        dotnet pwsh -NoProfile -File benchmarks/ColdStart.ps1 -Runs 6
    Two pwsh builds: the .NET tool this repo runs, whose own assemblies are IL only (every first use of
    PowerShell's code is JIT-compiled), and a ReadyToRun copy of it, compiled as PowerShell's release packages
    (MSI, deb, rpm, tar.gz) are (Get-ReadyToRunPwsh; built once into out/pwsh-readytorun, about a minute).
    One emulator process (zero latency); each measurement is a pwsh process of its own, the kinds taken in turn
    so that load on the machine falls on all alike.
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 50)][int] $Runs = 6,
    # Internal: the pwsh child's part (one measurement); not for use by hand.
    [string] $Api,
    [int] $SleepMs,
    [switch] $InvokeRestMethod
)

. (Join-Path $PSScriptRoot 'BenchmarkSupport.ps1')

if ($Api) {
    $key = 'sk-emulator-beijing'
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    if ($InvokeRestMethod) { Import-Module Microsoft.PowerShell.Utility } else { Import-Module $BenchmarkManifest }
    $import = $clock.Elapsed.TotalMilliseconds
    if ($SleepMs) { Start-Sleep -Milliseconds $SleepMs }
    $call = if ($InvokeRestMethod) {
        # The body and headers New-BailianImage sends for this prompt and model (qwen-image-plus, synchronous).
        $body = '{"model":"qwen-image-plus","input":{"messages":[{"role":"user","content":[{"text":"cold start"}]}]},"parameters":{"size":"1328*1328","prompt_extend":true,"watermark":false}}'
        { $null = Invoke-RestMethod -Method Post -Uri "$Api/services/aigc/multimodal-generation/generation" -Headers @{ Authorization = "Bearer $key" } -ContentType 'application/json' -Body $body }
    }
    else {
        { $null = New-BailianImage 'cold start' -Endpoint $Api -ApiKey $key }
    }
    $first = (Measure-Command $call).TotalMilliseconds
    $second = (Measure-Command $call).TotalMilliseconds
    'COLDSTART ' + (@{ import = $import; first = $first; second = $second } | ConvertTo-Json -Compress)
    return
}

$builds = [ordered]@{ 'dotnet tool (IL only)' = ''; 'ReadyToRun (as the release packages)' = (Get-ReadyToRunPwsh) }
$kinds = [ordered]@{ 'New-BailianImage' = @(); 'Invoke-RestMethod' = @('-InvokeRestMethod') }
$figures = @{}
$server = Start-BenchmarkEmulator
try {
    $null = Invoke-RestMethod -Method Put -Uri ($server.Base + '_emulator/latency?ms=0') -NoProxy
    for ($i = 1; $i -le $Runs; $i++) {
        foreach ($build in $builds.Keys) {
            foreach ($kind in $kinds.Keys) {
                foreach ($sleep in 0, 1000) {
                    $arguments = @('-Api', ($server.Base + 'cn-beijing/api/v1'), '-SleepMs', $sleep) + $kinds[$kind]
                    $r = Invoke-BenchmarkChild $PSCommandPath 'COLDSTART' $arguments -PwshDll $builds[$build]
                    Write-Host ('run {0}, {1}, {2}, {3,4} ms after the import: import {4:0} ms, first call {5:0} ms, second {6:0} ms' -f $i, $build, $kind, $sleep, $r.import, $r.first, $r.second)
                    $cell = "$build|$kind|$sleep"
                    $figures[$cell] = @($figures[$cell]) + $r | Where-Object { $_ }
                }
            }
        }
    }
}
finally {
    Stop-BenchmarkEmulator $server
}

"`n| pwsh | First call | When | First call, ms | Second call, ms | Import-Module, ms |"
'|---|---|---|---:|---:|---:|'
foreach ($build in $builds.Keys) {
    foreach ($kind in $kinds.Keys) {
        foreach ($sleep in 0, 1000) {
            $f = $figures["$build|$kind|$sleep"]
            $when = if ($sleep) { '1 s after Import-Module' } else { 'right after Import-Module' }
            '| {0} | {1} | {2} | {3} | {4} | {5} |' -f $build, $kind, $when, (Format-Spread $f.first '0'), (Format-Spread $f.second '0'), (Format-Spread $f.import '0')
        }
    }
}
