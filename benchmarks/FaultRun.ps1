#Requires -Version 5.1
<#
.SYNOPSIS
    The money check, through the cmdlets: a CSV batch against the emulator with injected faults, stopped part
    way (as by Ctrl+C), then resumed with the same command. Counts what was billed, saved, lost and leaked.

.DESCRIPTION
    Run after a build (out/Bailian and the emulator's Release build must exist), from any folder:
        dotnet pwsh -NoProfile -File benchmarks/FaultRun.ps1 -Rows 1000 -StopAfterSeconds 3
    About 30 % of the create calls meet a fault: 429 (Retry-After 1 s), 500, 503, a dropped connection, an answer
    later than -TimeoutSec (the client gives up after sending: Bailian.OutcomeUnknown, maybe billed) or a content
    filter refusal. Billed = a create call the emulator answered 200 (a late answer included: it was generated).
    Prints one table; "rows billed twice" must be 0 and "partial files" 0, "key occurrences" 0.

.PARAMETER ResendOutcomeUnknown
    Resume a second time with -ResendOutcomeUnknown, as a user who chooses to pay again for the lost answers would.
#>
[CmdletBinding()]
param(
    [int] $Rows = 1000,
    [double] $StopAfterSeconds = 3,
    [switch] $ResendOutcomeUnknown
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$repo = Split-Path -Parent $PSScriptRoot
. (Join-Path (Join-Path $repo 'tools') 'EmulatorProcess.ps1')
$manifest = Join-Path (Join-Path (Join-Path $repo 'out') 'Bailian') 'Bailian.psd1'
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-faultrun-' + [guid]::NewGuid().ToString('N'))
$out = Join-Path $work 'out'
$null = New-Item -ItemType Directory -Path $work
$key = 'sk-emulator-beijing'

function Invoke-Control([string] $Method, [string] $Path, $Body) {
    $parameters = @{ Uri = $emulator.Base + $Path; Method = $Method; UseBasicParsing = $true }
    if ($PSVersionTable.PSVersion.Major -ge 6) { $parameters['NoProxy'] = $true }
    if ($null -ne $Body) { $parameters['Body'] = ConvertTo-Json $Body -Compress; $parameters['ContentType'] = 'application/json' }
    Invoke-RestMethod @parameters
}

# One run of the batch in a runspace of its own, with everything it wrote; stopped after $StopAfter seconds if given.
function Invoke-Batch([string[]] $Extra, [double] $StopAfter = 0) {
    $shell = [powershell]::Create()
    $script = 'param($Manifest, $Csv, $Out, $Endpoint, $Key, $Extra) Import-Module $Manifest
        $splat = @{}; foreach ($name in $Extra) { $splat[$name] = $true }
        Import-Csv $Csv | New-BailianImage -ResumeFrom $Out -ThrottleLimit 8 -TimeoutSec 2 -Endpoint $Endpoint -ApiKey $Key @splat |
            Save-BailianImage -Path $Out -Metadata -ThrottleLimit 8'
    $null = $shell.AddScript($script).AddArgument($manifest).AddArgument($csv).AddArgument($out).AddArgument($api).AddArgument($key).AddArgument($Extra)
    $output = New-Object 'System.Management.Automation.PSDataCollection[psobject]'
    $async = $shell.BeginInvoke((New-Object 'System.Management.Automation.PSDataCollection[psobject]'), $output)
    if ($StopAfter -gt 0) {
        $null = $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($StopAfter))
        if (-not $async.IsCompleted) { $shell.Stop() }
    }
    try { $null = $shell.EndInvoke($async) } catch { }
    $result = [pscustomobject]@{
        Output   = @($output)
        Errors   = @($shell.Streams.Error)
        Warnings = @($shell.Streams.Warning)
        Text     = [System.Management.Automation.PSSerializer]::Serialize(@($output) + @($shell.Streams.Error) + @($shell.Streams.Warning), 3)
    }
    $shell.Dispose()
    return $result
}

$emulator = Start-BailianEmulatorProcess -DllPath (Find-BailianEmulatorDll -RepoRoot $repo -Configuration 'Release')
try {
    $api = $emulator.Base + 'cn-beijing/api/v1'
    $csv = Join-Path $work 'rows.csv'
    1..$Rows | ForEach-Object { [pscustomobject]@{ prompt = "fault run row $_"; size = '1328*1328'; name = "row$_" } } |
        Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding UTF8

    $share = [int]($Rows * 0.05)
    foreach ($fault in @(
            @{ kind = '429'; retryAfterSeconds = 1 }, @{ kind = '500' }, @{ kind = '503' }, @{ kind = 'drop' },
            @{ kind = 'delay'; delayMs = 3000 }, @{ kind = '400'; code = 'DataInspectionFailed'; message = 'Input data may contain inappropriate content.' })) {
        $fault['scope'] = 'api'; $fault['count'] = $share
        $null = Invoke-Control 'Post' '_emulator/faults' $fault
    }

    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $runs = @(Invoke-Batch -Extra @() -StopAfter $StopAfterSeconds)
    $walls = @($clock.Elapsed.TotalSeconds)
    $runs += Invoke-Batch -Extra @()
    $walls += $clock.Elapsed.TotalSeconds - $walls[0]
    if ($ResendOutcomeUnknown) { $runs += Invoke-Batch -Extra @('ResendOutcomeUnknown'); $walls += $clock.Elapsed.TotalSeconds - $walls[0] - $walls[1] }
    $clock.Stop()

    $creates = @(Invoke-Control 'Get' '_emulator/requests' | ForEach-Object { $_ } |
            Where-Object { $_.kind -eq 'api' -and $_.method -eq 'POST' })
    $billed = @($creates | Where-Object { $_.statusCode -eq 200 } |
            ForEach-Object { ((ConvertFrom-Json $_.body).input.messages[0].content | Where-Object { $_.text }).text } | Group-Object)
    $files = @(Get-ChildItem -LiteralPath $out -File -Force)
    $leaks = @($runs | Where-Object { $_.Text.Contains($key) }).Count +
        @($files | Where-Object { $_.Extension -in '.json', '.jsonl' } | Where-Object { (Get-Content -LiteralPath $_.FullName -Raw).Contains($key) }).Count
    $lastErrors = @($runs[$runs.Count - 1].Errors)

    [pscustomobject]@{
        Rows                          = $Rows
        'Faults injected'             = $share * 6
        'Create calls'                = $creates.Count
        'Rows billed'                 = $billed.Count
        'Rows billed twice or more'   = @($billed | Where-Object { $_.Count -gt 1 }).Count
        'Images saved'                = @($files | Where-Object { $_.Extension -eq '.png' }).Count
        'Left as maybe billed'        = @($lastErrors | Where-Object { $_.FullyQualifiedErrorId -like 'Bailian.OutcomeUnknown,*' }).Count
        'Refused (content filter)'    = @($lastErrors | Where-Object { $_.FullyQualifiedErrorId -like 'Bailian.ContentFiltered,*' }).Count
        # Rows are named row<N>: "fault run row 17" is saved as <time>_row17_0_<id>.png.
        'Billed but not saved'        = @($billed | Where-Object { -not (Test-Path -Path (Join-Path $out ('*_row{0}_0_*.png' -f ($_.Name -split ' ')[-1]))) }).Count
        'Partial files'               = @($files | Where-Object { $_.Name -like '*.bailian-partial' }).Count
        'Key occurrences'             = $leaks
        'Wall per run (s)'            = ($walls | ForEach-Object { [math]::Round($_, 1) }) -join ', '
        'Errors of the last run'      = ($lastErrors | Group-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | ForEach-Object { '{0} {1}' -f $_.Count, $_.Name }) -join ', '
    } | Format-List | Out-String -Width 200 | Write-Host
}
finally {
    Stop-BailianEmulatorProcess -Emulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
