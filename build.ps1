#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, packages and publishes the Bailian module, or runs it offline against the emulator.

.DESCRIPTION
    Build    dotnet build Bailian.Pwsh.sln; the loadable module lands in out/Bailian.
    Test     Build, then the xunit suites (dotnet test), then the Pester suite in tests/pester with the
             Pester that tools/Pester/Pester.proj restores from NuGet into out/tools. Both suites run
             even when the first fails. Pester runs in a child PowerShell so that the module's DLLs
             are not left loaded (and locked, on Windows) in this session. Ends with one line per
             suite and, as the very last line, the totals of both: 'N passed, M failed'. Fails when
             a test failed or no test ran.
    Package  Build, then a versioned copy in out/package/Bailian/<ModuleVersion>, checked with
             Test-ModuleManifest, and the Gallery's package, out/package/Bailian.<ModuleVersion>.nupkg,
             made by Publish-PSResource (Microsoft.PowerShell.PSResourceGet, part of pwsh 7.4 and later)
             into a local file repository in a temporary folder: nothing leaves the machine.
    Publish  Package, then upload to the PowerShell Gallery. Needs -NuGetApiKey; -WhatIf shows what
             would be published and uploads nothing.
    Demo     Build, start the emulator, and run samples/prompts.csv through
             New-BailianImage | Save-BailianImage into ./output.

    Runs on Windows PowerShell 5.1 and on PowerShell 7 (Windows, Linux, macOS). Needs the .NET SDK.

.PARAMETER Task
    One or more of Build, Test, Package, Publish, Demo, run in the order given. Build runs at most once.

.PARAMETER Configuration
    The dotnet build configuration. Release by default.

.PARAMETER NuGetApiKey
    The PowerShell Gallery API key, for Publish only. It is handed to Publish-Module and never printed.

.EXAMPLE
    ./build.ps1

.EXAMPLE
    ./build.ps1 -Task Test

.EXAMPLE
    ./build.ps1 -Task Publish -NuGetApiKey $galleryKey -WhatIf
#>
# A build script talks to the person (or CI log) running it: its progress lines are for the console, in
# colour there, and are never data for a pipeline. When its output is redirected they are plain text.
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingWriteHost', '', Justification = 'A build script: its console output is progress and a summary for the person or CI log running it, not pipeline data.')]
[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Publish', 'Demo')]
    [string[]] $Task = 'Build',

    [string] $Configuration = 'Release',

    [string] $NuGetApiKey
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# -WhatIf and -Confirm are meant for the one step that cannot be undone, the Gallery upload. PowerShell
# hands them to every cmdlet in this script through the preference variables, which would turn the
# build's own file copies into no-ops and make a dry run fail. Remember the request, then stop the
# propagation; $PSCmdlet.ShouldProcess still sees the switches themselves.
$script:PublishDryRun = [bool]$WhatIfPreference
$WhatIfPreference = $false
# -Confirm goes to Invoke-PublishTask alone, which asks before the upload.
$script:PublishConfirm = @{}
if ($PSBoundParameters.ContainsKey('Confirm')) {
    $script:PublishConfirm['Confirm'] = [bool]$PSBoundParameters['Confirm']
    $ConfirmPreference = 'High'
}

$script:RepoRoot = $PSScriptRoot
$script:Completed = @{}
$script:TestSuites = $null

# Output redirected to a file or a pipe stays plain text. pwsh 7 colours formatted output (table
# headers, errors) with ANSI escapes even then; Windows PowerShell has no $PSStyle and never does.
$script:PlainOutput = $false
try { $script:PlainOutput = [Console]::IsOutputRedirected } catch { $script:PlainOutput = $false }
$script:SavedOutputRendering = $null
if ($script:PlainOutput -and $null -ne (Get-Variable -Name 'PSStyle' -ErrorAction SilentlyContinue)) {
    $script:SavedOutputRendering = $PSStyle.OutputRendering
    $PSStyle.OutputRendering = 'PlainText'
}

function Join-RepoPath {
    param([Parameter(Mandatory = $true)][string] $RelativePath)

    # Forward slashes in the argument, native separators in the result, on every platform.
    $path = $script:RepoRoot
    foreach ($segment in $RelativePath.Split('/')) {
        if ($segment) { $path = Join-Path $path $segment }
    }
    return $path
}

. (Join-RepoPath 'tools/EmulatorProcess.ps1')
. (Join-RepoPath 'tools/GalleryPackage.ps1')

$script:SolutionPath = Join-RepoPath 'Bailian.Pwsh.sln'
$script:ModuleOutDir = Join-RepoPath 'out/Bailian'
$script:ManifestOut = Join-Path $script:ModuleOutDir 'Bailian.psd1'

function Write-TaskHeader {
    param([string] $Name)

    Write-Host ''
    Write-Host ('==== {0} ====' -f $Name) -ForegroundColor Green
}

function Test-IsWindows {
    return ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT)
}

# Quotes a value as a single-quoted PowerShell literal, for the scripts handed to child processes.
function ConvertTo-PSLiteral {
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string] $Value)

    return "'" + $Value.Replace("'", "''") + "'"
}

function Get-DotNetPath {
    $command = Get-Command -Name 'dotnet' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $command) {
        throw 'The .NET SDK (dotnet) is not on PATH. Install the .NET 10 SDK from https://dot.net and try again.'
    }
    return $command.Path
}

function Invoke-NativeCommand {
    param(
        [Parameter(Mandatory = $true)][string] $FilePath,
        [string[]] $ArgumentList = @(),
        [string] $DisplayText
    )

    if (-not $DisplayText) { $DisplayText = ('{0} {1}' -f $FilePath, ($ArgumentList -join ' ')) }
    Write-Host ('> {0}' -f $DisplayText) -ForegroundColor DarkGray

    # Windows PowerShell turns a native program's stderr lines into error records when its output is
    # redirected; under 'Stop' the first warning would abort the build. The exit code is the verdict.
    $ErrorActionPreference = 'Continue'
    & $FilePath @ArgumentList
    $exitCode = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    if ($exitCode -ne 0) {
        throw ('{0} failed with exit code {1}.' -f $DisplayText, $exitCode)
    }
}

# The PowerShell this session runs in, as a program and the arguments that come before its own, so the
# child is the same PowerShell: pwsh (or pwsh.exe), 'dotnet <...>/pwsh.dll' when pwsh is the
# repository's local .NET tool (dotnet pwsh), or Windows PowerShell's powershell.exe.
function Get-ChildPowerShellCommand {
    if ($PSVersionTable.PSEdition -eq 'Core') {
        # [Environment]::ProcessPath needs .NET 6 (pwsh 7.2); MainModule serves older ones.
        $processPath = $null
        try { $processPath = [System.Environment]::ProcessPath } catch { $processPath = $null }
        if (-not $processPath) {
            try { $processPath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName } catch { $processPath = $null }
        }

        if ($processPath -and (Test-Path -LiteralPath $processPath -PathType Leaf)) {
            $processName = [System.IO.Path]::GetFileNameWithoutExtension($processPath)
            if ($processName -eq 'pwsh') {
                return [pscustomobject]@{ FilePath = $processPath; Prefix = @() }
            }
            if ($processName -eq 'dotnet') {
                $entry = [System.Reflection.Assembly]::GetEntryAssembly()
                if ($null -ne $entry -and $entry.Location -and [System.IO.Path]::GetFileName($entry.Location) -eq 'pwsh.dll') {
                    return [pscustomobject]@{ FilePath = $processPath; Prefix = @($entry.Location) }
                }
            }
        }

        # Another host (an editor, say): the pwsh beside this session's PowerShell, else the one on PATH.
        $name = 'pwsh'
        if (Test-IsWindows) { $name = 'pwsh.exe' }
    }
    else {
        $name = 'powershell.exe'
    }

    $candidate = Join-Path $PSHOME $name
    if (Test-Path -LiteralPath $candidate -PathType Leaf) { return [pscustomobject]@{ FilePath = $candidate; Prefix = @() } }
    $command = Get-Command -Name $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -ne $command) { return [pscustomobject]@{ FilePath = $command.Path; Prefix = @() } }
    throw ('Cannot find {0} to start a child PowerShell.' -f $name)
}

# Runs a script in a fresh PowerShell of the same kind and fails when it exits non-zero. The script
# travels as -EncodedCommand: Windows PowerShell's quoting of native arguments cannot mangle it.
# -OutputFormat Text: with -EncodedCommand and its output redirected, PowerShell otherwise writes its
# error, warning, information and progress streams as CLIXML ('#< CLIXML' and XML records in the log).
function Invoke-ChildPowerShell {
    param(
        [Parameter(Mandatory = $true)][string] $Script,
        [Parameter(Mandatory = $true)][string] $DisplayText
    )

    if ($script:PlainOutput) {
        # Our output goes to a file or a pipe: the child's must be plain text too.
        $Script = "if (`$null -ne (Get-Variable -Name 'PSStyle' -ErrorAction SilentlyContinue)) { `$PSStyle.OutputRendering = 'PlainText' }`n" + $Script
    }
    $encoded = [System.Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    $child = Get-ChildPowerShellCommand
    $arguments = @($child.Prefix) + @('-NoProfile', '-NonInteractive')
    # The child reads our scripts and the test files from disk; on Windows a machine policy could refuse them.
    if (Test-IsWindows) { $arguments += @('-ExecutionPolicy', 'Bypass') }
    $arguments += @('-OutputFormat', 'Text', '-EncodedCommand', $encoded)
    Invoke-NativeCommand -FilePath $child.FilePath -ArgumentList $arguments -DisplayText $DisplayText
}

function Get-ModuleVersion {
    $data = Import-PowerShellDataFile -Path (Join-RepoPath 'Bailian.psd1')
    $version = [string]$data['ModuleVersion']
    if (-not $version) { throw 'Bailian.psd1 has no ModuleVersion.' }
    return $version
}

function Invoke-BuildTask {
    if ($script:Completed.ContainsKey('Build')) { return }
    Write-TaskHeader 'Build'

    Invoke-NativeCommand -FilePath (Get-DotNetPath) -ArgumentList @('build', $script:SolutionPath, '-c', $Configuration, '--nologo')
    if (-not (Test-Path -LiteralPath $script:ManifestOut -PathType Leaf)) {
        throw ('The build succeeded but did not lay out the module: {0} is missing.' -f $script:ManifestOut)
    }

    $script:Completed['Build'] = $true
}

# The results of one test suite, for the summary at the end of a Test run.
function New-TestSuiteResult {
    param([Parameter(Mandatory = $true)][string] $Name)

    # Note says why a suite failed when its failed count does not: not run, crashed, nothing found.
    return [pscustomobject]@{ Name = $Name; Passed = 0; Failed = 0; Skipped = 0; Note = 'not run' }
}

function Test-TestSuiteFailed {
    param([Parameter(Mandatory = $true)] $Suite)

    return ($Suite.Failed -gt 0 -or ($Suite.Passed + $Suite.Failed) -eq 0 -or [bool]$Suite.Note)
}

# Reads an integer attribute of an XML element; a missing one counts 0.
function Get-XmlCount {
    param([Parameter(Mandatory = $true)][System.Xml.XmlElement] $Element, [Parameter(Mandatory = $true)][string] $Name)

    $text = $Element.GetAttribute($Name)
    if ([string]::IsNullOrEmpty($text)) { return 0 }
    return [int]$text
}

function Invoke-XunitTest {
    param([Parameter(Mandatory = $true)] $Suite)

    $Suite.Note = $null
    $resultsDir = Join-RepoPath 'out/TestResults'
    $null = New-Item -ItemType Directory -Path $resultsDir -Force
    # Counted from the TRX files dotnet test writes, one per test assembly: structured, and the same in
    # every language, unlike its console summary. Earlier runs' files go first, so only this run counts.
    # With LogFilePrefix each test project's logger takes a name not yet taken (xunit_<framework>_<time>.trx)
    # rather than one fixed name that the projects would each write over. -m:1 runs the projects one after
    # another: the emulator's load tests must not share two cores with Core's timing-sensitive tests.
    Get-ChildItem -LiteralPath $resultsDir -Filter '*.trx' -File | Remove-Item -Force

    $exitCode = 0
    try {
        Invoke-NativeCommand -FilePath (Get-DotNetPath) -ArgumentList @('test', $script:SolutionPath, '-c', $Configuration, '--no-build', '--nologo', '-m:1', '--logger', 'trx;LogFilePrefix=xunit', '--results-directory', $resultsDir)
    }
    catch {
        $exitCode = $global:LASTEXITCODE
        Write-Host $_.Exception.Message -ForegroundColor Red
    }

    $files = @(Get-ChildItem -LiteralPath $resultsDir -Filter '*.trx' -File)
    foreach ($file in $files) {
        $document = New-Object -TypeName System.Xml.XmlDocument
        $document.Load($file.FullName)
        $counters = $document.GetElementsByTagName('Counters') | Select-Object -First 1
        if ($null -eq $counters) {
            $Suite.Note = ('{0} has no counters' -f $file.Name)
            continue
        }
        $Suite.Passed += Get-XmlCount -Element $counters -Name 'passed'
        $Suite.Failed += (Get-XmlCount -Element $counters -Name 'failed') + (Get-XmlCount -Element $counters -Name 'error') +
            (Get-XmlCount -Element $counters -Name 'timeout') + (Get-XmlCount -Element $counters -Name 'aborted')
        $Suite.Skipped += Get-XmlCount -Element $counters -Name 'notExecuted'
    }

    if ($files.Count -eq 0) { $Suite.Note = 'dotnet test wrote no TRX file' }
    elseif ($exitCode -ne 0 -and $Suite.Failed -eq 0 -and -not $Suite.Note) { $Suite.Note = ('dotnet test exited with code {0}' -f $exitCode) }
}

# Restores the Pester that tools/Pester/Pester.proj names into out/tools and returns its manifest and version.
function Restore-Pester {
    $project = Join-RepoPath 'tools/Pester/Pester.proj'
    $document = New-Object -TypeName System.Xml.XmlDocument
    $document.Load($project)
    $download = $document.SelectSingleNode("//PackageDownload[@Include='Pester']")
    if ($null -eq $download) { throw ('{0} has no PackageDownload of Pester.' -f $project) }
    $version = $download.GetAttribute('Version').Trim().TrimStart('[').TrimEnd(']').Trim()

    $packages = Join-RepoPath 'out/tools'
    # To the host: this function's output is its result.
    Invoke-NativeCommand -FilePath (Get-DotNetPath) -ArgumentList @('restore', $project, '--packages', $packages) | Out-Host

    # NuGet lays packages out as <id in lower case>/<version>.
    $manifest = Join-Path (Join-Path (Join-Path (Join-Path $packages 'pester') $version.ToLowerInvariant()) 'tools') 'Pester.psd1'
    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
        throw ('The restore of {0} did not bring {1}.' -f $project, $manifest)
    }
    return [pscustomobject]@{ Path = $manifest; Version = $version }
}

function Invoke-PesterTest {
    param([Parameter(Mandatory = $true)] $Suite)

    $Suite.Note = $null
    try {
        $pester = Restore-Pester
    }
    catch {
        $Suite.Note = 'Pester could not be restored'
        Write-Host ('Pester could not be restored: {0}' -f $_.Exception.Message) -ForegroundColor Red
        return
    }

    $testsPath = Join-RepoPath 'tests/pester'
    $resultsDir = Join-RepoPath 'out/TestResults'
    $null = New-Item -ItemType Directory -Path $resultsDir -Force
    $resultsFile = Join-Path $resultsDir 'pester.xml'
    $countsFile = Join-Path $resultsDir 'pester-counts.json'
    foreach ($file in @($resultsFile, $countsFile)) {
        if (Test-Path -LiteralPath $file) { Remove-Item -LiteralPath $file -Force }
    }

    # No $ErrorActionPreference = 'Stop' in the child: the tests check non-terminating errors and must
    # see PowerShell's default behaviour, as users do. The child writes its counts for the summary; a
    # block (BeforeAll, AfterAll) or file that failed outside any test counts as one failure more, as
    # Pester's own summary lists them apart.
    $childScript = @'
$ProgressPreference = 'SilentlyContinue'
$env:BAILIAN_TEST_CONFIGURATION = __CONFIGURATION__
Import-Module -Name __PESTER__ -ErrorAction Stop
$configuration = [PesterConfiguration]::Default
$configuration.Run.Path = __TESTS__
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
if (__PLAIN__) { $configuration.Output.RenderMode = 'Plaintext' }
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = __RESULTS__
$result = Invoke-Pester -Configuration $configuration
if ($null -eq $result) { Write-Host 'Invoke-Pester returned nothing.' -ForegroundColor Red; exit 2 }
$counts = New-Object -TypeName PSObject -Property @{
    Passed  = [int]$result.PassedCount
    Failed  = [int]$result.FailedCount + [int]$result.FailedBlocksCount + [int]$result.FailedContainersCount
    Skipped = [int]$result.SkippedCount
    Result  = [string]$result.Result
}
$counts | ConvertTo-Json | Set-Content -LiteralPath __COUNTS__ -Encoding UTF8
if ($result.TotalCount -eq 0) { Write-Host 'No Pester tests were discovered.' -ForegroundColor Red; exit 3 }
if ($result.Result -ne 'Passed' -or $counts.Failed -gt 0) { exit 1 }
exit 0
'@
    $plain = '$false'
    if ($script:PlainOutput) { $plain = '$true' }
    $childScript = $childScript.Replace('__CONFIGURATION__', (ConvertTo-PSLiteral $Configuration))
    $childScript = $childScript.Replace('__PESTER__', (ConvertTo-PSLiteral $pester.Path))
    $childScript = $childScript.Replace('__TESTS__', (ConvertTo-PSLiteral $testsPath))
    $childScript = $childScript.Replace('__PLAIN__', $plain)
    $childScript = $childScript.Replace('__RESULTS__', (ConvertTo-PSLiteral $resultsFile))
    $childScript = $childScript.Replace('__COUNTS__', (ConvertTo-PSLiteral $countsFile))

    $exitCode = 0
    try {
        Invoke-ChildPowerShell -Script $childScript -DisplayText ('Invoke-Pester {0} (Pester {1}, child {2})' -f $testsPath, $pester.Version, $PSVersionTable.PSEdition)
    }
    catch {
        $exitCode = $global:LASTEXITCODE
        Write-Host $_.Exception.Message -ForegroundColor Red
    }

    if (-not (Test-Path -LiteralPath $countsFile -PathType Leaf)) {
        $Suite.Note = ('the child PowerShell wrote no counts, exit code {0}' -f $exitCode)
        return
    }
    $counts = Get-Content -LiteralPath $countsFile -Raw | ConvertFrom-Json
    $Suite.Passed = [int]$counts.Passed
    $Suite.Failed = [int]$counts.Failed
    $Suite.Skipped = [int]$counts.Skipped
    if ($exitCode -ne 0 -and $Suite.Failed -eq 0 -and $Suite.Passed -gt 0) { $Suite.Note = ('Pester result {0}, exit code {1}' -f $counts.Result, $exitCode) }
    Write-Host ('Pester results: {0}' -f $resultsFile)
}

function Invoke-TestTask {
    # Before the build, so that a failed build still ends with the (empty) totals.
    $script:TestSuites = @((New-TestSuiteResult -Name 'xunit'), (New-TestSuiteResult -Name 'Pester'))
    Invoke-BuildTask
    Write-TaskHeader 'Test'

    # Both suites run, whatever the first one's outcome; the summary comes last of all.
    foreach ($suite in $script:TestSuites) {
        try {
            if ($suite.Name -eq 'xunit') { Invoke-XunitTest -Suite $suite }
            else { Invoke-PesterTest -Suite $suite }
        }
        catch {
            $suite.Note = ('error: {0}' -f $_.Exception.Message)
            Write-Host ('{0}: {1}' -f $suite.Name, $_.Exception.Message) -ForegroundColor Red
        }
    }

    $failedSuites = @($script:TestSuites | Where-Object { Test-TestSuiteFailed -Suite $_ } | ForEach-Object { $_.Name })
    if ($failedSuites.Count -gt 0) {
        $exception = New-Object -TypeName System.Exception -ArgumentList ('The tests did not all pass ({0}); the summary is below.' -f ($failedSuites -join ', '))
        throw (New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList @($exception, 'TestsFailed', [System.Management.Automation.ErrorCategory]::NotSpecified, $null))
    }
}

# One line per suite, then the totals of all, alone on the last line: 'N passed, M failed'. Returns
# whether everything passed (and something ran).
function Write-TestSummary {
    $passed = 0
    $failed = 0
    $allPassed = $true
    Write-Host ''
    foreach ($suite in $script:TestSuites) {
        $line = ('{0}: {1} passed, {2} failed' -f $suite.Name, $suite.Passed, $suite.Failed)
        if ($suite.Skipped -gt 0) { $line += (', {0} skipped' -f $suite.Skipped) }
        if ($suite.Note) { $line += (' ({0})' -f $suite.Note) }
        $color = 'Green'
        if (Test-TestSuiteFailed -Suite $suite) { $color = 'Red'; $allPassed = $false }
        Write-Host $line -ForegroundColor $color
        $passed += $suite.Passed
        $failed += $suite.Failed
    }

    $color = 'Green'
    if (-not $allPassed) { $color = 'Red' }
    Write-Host ('{0} passed, {1} failed' -f $passed, $failed) -ForegroundColor $color
    return $allPassed
}

function Invoke-PackageTask {
    if ($script:Completed.ContainsKey('Package')) { return }
    Invoke-BuildTask
    Write-TaskHeader 'Package'

    $version = Get-ModuleVersion
    $packageRoot = Join-RepoPath 'out/package'
    $destination = Join-Path (Join-Path $packageRoot 'Bailian') $version

    if (Test-Path -LiteralPath $packageRoot) { Remove-Item -LiteralPath $packageRoot -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $destination -Force
    Copy-Item -Path (Join-Path $script:ModuleOutDir '*') -Destination $destination -Recurse -Force
    $license = Join-RepoPath 'LICENSE'
    if (Test-Path -LiteralPath $license -PathType Leaf) { Copy-Item -LiteralPath $license -Destination $destination -Force }

    foreach ($required in @('Bailian.psd1', 'Bailian.Format.ps1xml', 'Bailian.dll', 'Bailian.Core.dll')) {
        if (-not (Test-Path -LiteralPath (Join-Path $destination $required) -PathType Leaf)) {
            throw ('The package lacks {0}.' -f $required)
        }
    }
    # PowerShell provides this assembly itself; a shipped copy breaks the module on the other edition.
    if (Test-Path -LiteralPath (Join-Path $destination 'System.Management.Automation.dll')) {
        throw 'The package contains System.Management.Automation.dll, which must come from PowerShell itself.'
    }

    $manifest = Test-ModuleManifest -Path (Join-Path $destination 'Bailian.psd1') -ErrorAction Stop
    if ($manifest.Version.ToString() -ne $version) {
        throw ('The packaged manifest says {0}, the folder {1}.' -f $manifest.Version, $version)
    }

    Write-Host ('> Publish-PSResource -Path {0} (to a local file repository in a temporary folder)' -f $destination) -ForegroundColor DarkGray
    $nupkg = New-GalleryPackage -ModuleFolder $destination -Version $version -OutputFolder $packageRoot

    $script:PackagePath = $destination
    $script:PackageVersion = $version
    $script:PackageFile = $nupkg
    Write-Host ('Packaged Bailian {0} in {1}' -f $version, $destination)
    Write-Host ('Gallery package: {0} ({1:N0} bytes)' -f $nupkg.FullName, $nupkg.Length)
    $script:Completed['Package'] = $true
}

# Asks its own ShouldProcess: -WhatIf and -Confirm given to the script reach this step only (see the top).
function Invoke-PublishTask {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param()

    # The caller packages first: under -Confirm, this function's cmdlets would each ask (Copy-Item, for every
    # file). Here it only returns at once.
    Invoke-PackageTask
    Write-TaskHeader 'Publish'

    $target = 'the PowerShell Gallery (PSGallery)'
    $action = ('Publish Bailian {0} from {1}' -f $script:PackageVersion, $script:PackagePath)
    if ($script:PublishDryRun) {
        Write-Host ('What if: {0} to {1}. Nothing was uploaded.' -f $action, $target)
        return
    }
    if (-not $PSCmdlet.ShouldProcess($target, $action)) {
        Write-Host 'Publish skipped.'
        return
    }

    if (Get-Command -Name 'Publish-Module' -ErrorAction SilentlyContinue) {
        Publish-Module -Path $script:PackagePath -NuGetApiKey $NuGetApiKey -Repository 'PSGallery' -Confirm:$false -ErrorAction Stop
    }
    elseif (Get-Command -Name 'Publish-PSResource' -ErrorAction SilentlyContinue) {
        Publish-PSResource -Path $script:PackagePath -ApiKey $NuGetApiKey -Repository 'PSGallery' -Confirm:$false -ErrorAction Stop
    }
    else {
        throw 'Neither Publish-Module (PowerShellGet) nor Publish-PSResource (Microsoft.PowerShell.PSResourceGet) is available.'
    }
    Write-Host ('Published Bailian {0}.' -f $script:PackageVersion) -ForegroundColor Green
}

function Invoke-DemoTask {
    Invoke-BuildTask
    Write-TaskHeader 'Demo'

    $samples = Join-RepoPath 'samples/prompts.csv'
    $outputDir = Join-RepoPath 'output'
    $emulator = $null
    try {
        $emulator = Start-BailianEmulatorProcess -DllPath (Find-BailianEmulatorDll -RepoRoot $script:RepoRoot -Configuration $Configuration)
        Write-Host ('Emulator listening on {0}' -f $emulator.Base)
        $endpoint = $emulator.Base + 'cn-beijing/api/v1'

        # The emulator's documented Beijing key: not a secret, and only valid against the emulator.
        $childScript = @'
$ProgressPreference = 'SilentlyContinue'
Import-Module -Name __MODULE__ -ErrorAction Stop
$apiKey = ConvertTo-SecureString -String 'sk-emulator-beijing' -AsPlainText -Force
$files = Import-Csv -LiteralPath __SAMPLES__ |
    New-BailianImage -Endpoint __ENDPOINT__ -ApiKey $apiKey -ErrorVariable +demoErrors |
    Save-BailianImage -Path __OUTPUT__ -ErrorVariable +demoErrors
$files | Format-Table -Property Name, Length, Model, Prompt -AutoSize | Out-String -Width 200 | Write-Host
if ($null -ne $demoErrors -and $demoErrors.Count -gt 0) { exit 1 }
exit 0
'@
        $childScript = $childScript.Replace('__MODULE__', (ConvertTo-PSLiteral $script:ManifestOut))
        $childScript = $childScript.Replace('__SAMPLES__', (ConvertTo-PSLiteral $samples))
        $childScript = $childScript.Replace('__ENDPOINT__', (ConvertTo-PSLiteral $endpoint))
        $childScript = $childScript.Replace('__OUTPUT__', (ConvertTo-PSLiteral $outputDir))

        Invoke-ChildPowerShell -Script $childScript -DisplayText ('Import-Csv samples/prompts.csv | New-BailianImage -Endpoint {0} | Save-BailianImage -Path ./output' -f $endpoint)

        Write-Host ('Files in {0}:' -f $outputDir)
        Get-ChildItem -LiteralPath $outputDir -File | Sort-Object -Property LastWriteTime |
            Format-Table -Property Name, Length, LastWriteTime -AutoSize | Out-Host
    }
    finally {
        if ($null -ne $emulator) { Stop-BailianEmulatorProcess -Emulator $emulator }
    }
}

$failed = $false
try {
    # Fail before a long build, not after it.
    if ($Task -contains 'Publish' -and [string]::IsNullOrWhiteSpace($NuGetApiKey)) {
        throw 'Publish needs -NuGetApiKey (a PowerShell Gallery API key).'
    }

    foreach ($name in $Task) {
        switch ($name) {
            'Build' { Invoke-BuildTask }
            'Test' { Invoke-TestTask }
            'Package' { Invoke-PackageTask }
            'Publish' {
                Invoke-PackageTask
                Invoke-PublishTask @script:PublishConfirm
            }
            'Demo' { Invoke-DemoTask }
        }
    }
}
catch {
    $failed = $true
    Write-Host ''
    Write-Host ('FAILED: {0}' -f $_.Exception.Message) -ForegroundColor Red
    if ($_.FullyQualifiedErrorId -ne 'TestsFailed' -and $null -ne $_.InvocationInfo -and $_.InvocationInfo.PositionMessage) {
        Write-Host $_.InvocationInfo.PositionMessage -ForegroundColor DarkGray
    }
}

if (-not $failed) {
    Write-Host ''
    Write-Host ('Done: {0}' -f ($Task -join ', ')) -ForegroundColor Green
}
# The test totals are the last line of all, for people and CI scripts alike.
if ($null -ne $script:TestSuites) {
    if (-not (Write-TestSummary)) { $failed = $true }
}
if ($null -ne $script:SavedOutputRendering) { $PSStyle.OutputRendering = $script:SavedOutputRendering }
if ($failed) { exit 1 }
