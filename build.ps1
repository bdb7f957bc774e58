#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, packages and publishes the Bailian module, or runs it offline against the emulator.

.DESCRIPTION
    Build    dotnet build Bailian.Pwsh.sln; the loadable module lands in out/Bailian.
    Test     Build, then the xunit suites (dotnet test), then the Pester suite in tests/pester when
             Pester 5 or later is installed. Pester runs in a child PowerShell so that the module's
             DLLs are not left loaded (and locked, on Windows) in this session.
    Package  Build, then a versioned copy in out/package/Bailian/<ModuleVersion>, checked with
             Test-ModuleManifest.
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
if ($PSBoundParameters.ContainsKey('Confirm')) { $ConfirmPreference = 'High' }
$script:BuildCmdlet = $PSCmdlet

$script:RepoRoot = $PSScriptRoot
$script:Completed = @{}

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

function Invoke-PesterTests {
    $pester = Get-Module -Name 'Pester' -ListAvailable |
        Where-Object { $_.Version -ge [version]'5.0' } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning 'Pester 5 not found: skipped the PowerShell-level tests; install with Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
        return
    }

    $testsPath = Join-RepoPath 'tests/pester'
    $resultsDir = Join-RepoPath 'out/TestResults'
    $null = New-Item -ItemType Directory -Path $resultsDir -Force
    $resultsFile = Join-Path $resultsDir 'pester.xml'

    # No $ErrorActionPreference = 'Stop' in the child: the tests check non-terminating errors and must
    # see PowerShell's default behaviour, as users do.
    $childScript = @'
$ProgressPreference = 'SilentlyContinue'
$env:BAILIAN_TEST_CONFIGURATION = __CONFIGURATION__
Import-Module -Name __PESTER__ -ErrorAction Stop
$configuration = [PesterConfiguration]::Default
$configuration.Run.Path = __TESTS__
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = __RESULTS__
$result = Invoke-Pester -Configuration $configuration
if ($null -eq $result) { Write-Host 'Invoke-Pester returned nothing.' -ForegroundColor Red; exit 2 }
if ($result.TotalCount -eq 0) { Write-Host 'No Pester tests were discovered.' -ForegroundColor Red; exit 3 }
if ($result.Result -ne 'Passed' -or $result.FailedCount -gt 0) { exit 1 }
exit 0
'@
    $childScript = $childScript.Replace('__CONFIGURATION__', (ConvertTo-PSLiteral $Configuration))
    $childScript = $childScript.Replace('__PESTER__', (ConvertTo-PSLiteral $pester.Path))
    $childScript = $childScript.Replace('__TESTS__', (ConvertTo-PSLiteral $testsPath))
    $childScript = $childScript.Replace('__RESULTS__', (ConvertTo-PSLiteral $resultsFile))

    Invoke-ChildPowerShell -Script $childScript -DisplayText ('Invoke-Pester {0} (Pester {1}, child {2})' -f $testsPath, $pester.Version, $PSVersionTable.PSEdition)
    Write-Host ('Pester results: {0}' -f $resultsFile)
}

function Invoke-TestTask {
    Invoke-BuildTask
    Write-TaskHeader 'Test'

    Invoke-NativeCommand -FilePath (Get-DotNetPath) -ArgumentList @('test', $script:SolutionPath, '-c', $Configuration, '--no-build', '--nologo')
    Invoke-PesterTests
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

    $script:PackagePath = $destination
    $script:PackageVersion = $version
    Write-Host ('Packaged Bailian {0} in {1}' -f $version, $destination)
    $script:Completed['Package'] = $true
}

function Invoke-PublishTask {
    Invoke-PackageTask
    Write-TaskHeader 'Publish'

    $target = 'the PowerShell Gallery (PSGallery)'
    $action = ('Publish Bailian {0} from {1}' -f $script:PackageVersion, $script:PackagePath)
    if ($script:PublishDryRun) {
        Write-Host ('What if: {0} to {1}. Nothing was uploaded.' -f $action, $target)
        return
    }
    if (-not $script:BuildCmdlet.ShouldProcess($target, $action)) {
        Write-Host 'Publish skipped.'
        return
    }

    if (Get-Command -Name 'Publish-Module' -ErrorAction SilentlyContinue) {
        Publish-Module -Path $script:PackagePath -NuGetApiKey $NuGetApiKey -Repository 'PSGallery' -ErrorAction Stop
    }
    elseif (Get-Command -Name 'Publish-PSResource' -ErrorAction SilentlyContinue) {
        Publish-PSResource -Path $script:PackagePath -ApiKey $NuGetApiKey -Repository 'PSGallery' -ErrorAction Stop
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
            'Publish' { Invoke-PublishTask }
            'Demo' { Invoke-DemoTask }
        }
    }
}
catch {
    $failed = $true
    Write-Host ''
    Write-Host ('FAILED: {0}' -f $_.Exception.Message) -ForegroundColor Red
    if ($null -ne $_.InvocationInfo -and $_.InvocationInfo.PositionMessage) {
        Write-Host $_.InvocationInfo.PositionMessage -ForegroundColor DarkGray
    }
}

if ($null -ne $script:SavedOutputRendering) { $PSStyle.OutputRendering = $script:SavedOutputRendering }
if ($failed) { exit 1 }
Write-Host ''
Write-Host ('Done: {0}' -f ($Task -join ', ')) -ForegroundColor Green
