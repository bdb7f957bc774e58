#Requires -Version 7.0
<#
.SYNOPSIS
    One contender of benchmarks/CmdletRun.ps1, run in a pwsh process of its own so that the CPU time and peak memory
    it reports are its own. Not meant to be run by hand.

.DESCRIPTION
    Turns every row of -Csv (prompt, size, name) into one image file in -Out, against the emulator's API base -Api:
      Bailian   Import-Csv | New-BailianImage -ThrottleLimit N | Save-BailianImage
      Loop      Import-Csv | ForEach-Object { Invoke-RestMethod ...; Invoke-WebRequest -OutFile ... }
      Parallel  the same loop body under ForEach-Object -Parallel -ThrottleLimit N
    The two peers are what an admin would write: Invoke-RestMethod's own -MaximumRetryCount/-RetryIntervalSec for
    429s, nothing more. Writes one line, "BENCH <json>": wall, CPU and peak memory of this process, files made.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][ValidateSet('Bailian', 'Loop', 'Parallel')][string] $Contender,
    [Parameter(Mandatory)][string] $Csv,
    [Parameter(Mandatory)][string] $Out,
    [Parameter(Mandatory)][string] $Api,
    [Parameter(Mandatory)][string] $Key,
    [Parameter(Mandatory)][int] $ThrottleLimit,
    [string] $Manifest
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$self = [System.Diagnostics.Process]::GetCurrentProcess()
$null = New-Item -ItemType Directory -Path $Out -Force

$importMs = 0
if ($Contender -eq 'Bailian') {
    $import = [System.Diagnostics.Stopwatch]::StartNew()
    Import-Module $Manifest
    $importMs = $import.Elapsed.TotalMilliseconds
}

# The peers' loop body: one sync call, then the image's URL fetched to a file.
$peer = {
    param($Row, $Api, $Key, $Out)
    $body = @{
        model      = 'qwen-image-plus'
        input      = @{ messages = @(@{ role = 'user'; content = @(@{ text = $Row.prompt }) }) }
        parameters = @{ size = $Row.size; n = 1 }
    } | ConvertTo-Json -Depth 8 -Compress
    $answer = Invoke-RestMethod -Method Post -Uri "$Api/services/aigc/multimodal-generation/generation" -NoProxy `
        -Headers @{ Authorization = "Bearer $Key" } -ContentType 'application/json' -Body $body `
        -MaximumRetryCount 5 -RetryIntervalSec 1
    Invoke-WebRequest -Uri $answer.output.choices[0].message.content[0].image -NoProxy -OutFile (Join-Path $Out "$($Row.name).png")
}

$cpuBefore = $self.TotalProcessorTime
$failures = 0
$clock = [System.Diagnostics.Stopwatch]::StartNew()
switch ($Contender) {
    'Bailian' {
        $errors = $null
        Import-Csv $Csv | New-BailianImage -ThrottleLimit $ThrottleLimit -Endpoint $Api -ApiKey $Key -ErrorAction SilentlyContinue -ErrorVariable +errors |
            Save-BailianImage -Path $Out -ErrorAction SilentlyContinue -ErrorVariable +errors | Out-Null
        $failures = @($errors).Count
    }
    'Loop' {
        Import-Csv $Csv | ForEach-Object {
            try { & $peer $_ $Api $Key $Out } catch { $failures++ }
        }
    }
    'Parallel' {
        # A script block cannot cross into -Parallel's runspaces as $using:, its text can.
        $peerText = $peer.ToString()
        $failures = @(Import-Csv $Csv | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
                try { $null = & ([scriptblock]::Create($using:peerText)) $_ $using:Api $using:Key $using:Out } catch { 'failed' }
            }).Count
    }
}
$clock.Stop()
$self.Refresh()

$result = [ordered]@{
    contender     = $Contender
    wallSeconds   = $clock.Elapsed.TotalSeconds
    cpuSeconds    = ($self.TotalProcessorTime - $cpuBefore).TotalSeconds
    processCpu    = $self.TotalProcessorTime.TotalSeconds
    peakMB        = $self.PeakWorkingSet64 / 1MB
    importMs      = $importMs
    files         = @(Get-ChildItem -LiteralPath $Out -Filter '*.png' -File).Count
    failures      = $failures
}
Write-Output ('BENCH ' + ($result | ConvertTo-Json -Compress))
