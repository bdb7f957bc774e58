# Shared plumbing for the Pester suite: the built module, a private emulator process, the request
# log, and the environment variables the module reads.
#
# Dot-source it from a BeforeAll block, never at file level: Pester 5 runs file-level code during
# Discovery only, and nothing set up there would exist when the tests run. Pester gives every test
# file its own script scope, so the $script: variables below belong to the file that loaded them and
# each file gets its own emulator.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

$script:BailianRepoRoot = [System.IO.Path]::GetFullPath((Join-Path (Join-Path $PSScriptRoot '..') '..'))
. (Join-Path (Join-Path $script:BailianRepoRoot 'tools') 'EmulatorProcess.ps1')
$script:BailianManifestPath = Join-Path (Join-Path (Join-Path $script:BailianRepoRoot 'out') 'Bailian') 'Bailian.psd1'
$script:BailianEnvNames = @('DASHSCOPE_API_KEY', 'DASHSCOPE_API_KEY_FILE_PATH', 'DASHSCOPE_HTTP_BASE_URL')
$script:BailianSavedEnv = $null
$script:Emulator = $null
$script:EmulatorBase = $null
$script:BeijingApi = $null
$script:SingaporeApi = $null
$script:VirginiaApi = $null

# The emulator's fixed keys. Each region answers 401 to the others' keys.
$script:BeijingKeyText = 'sk-emulator-beijing'
$script:SingaporeKeyText = 'sk-emulator-singapore'
$script:VirginiaKeyText = 'sk-emulator-virginia'

function Join-BailianRepoPath {
    param([Parameter(Mandatory = $true)][string] $RelativePath)

    $path = $script:BailianRepoRoot
    foreach ($segment in $RelativePath.Split('/')) {
        if ($segment) { $path = Join-Path $path $segment }
    }
    return $path
}

function Import-BailianTestModule {
    if (-not (Test-Path -LiteralPath $script:BailianManifestPath -PathType Leaf)) {
        throw ("The Bailian module is not built: '{0}' does not exist. Run ./build.ps1 (or dotnet build Bailian.Pwsh.sln -c Release) first." -f $script:BailianManifestPath)
    }

    # Another copy (say, one installed from the Gallery) must not answer for the one under test.
    Get-Module -Name 'Bailian' | Remove-Module -Force -ErrorAction SilentlyContinue
    $script:BailianModule = Import-Module -Name $script:BailianManifestPath -Force -PassThru -ErrorAction Stop
}

function Get-BailianEmulatorPath {
    if ($env:BAILIAN_EMULATOR_DLL) {
        if (-not (Test-Path -LiteralPath $env:BAILIAN_EMULATOR_DLL -PathType Leaf)) {
            throw ("`$env:BAILIAN_EMULATOR_DLL names '{0}', which does not exist." -f $env:BAILIAN_EMULATOR_DLL)
        }
        return $env:BAILIAN_EMULATOR_DLL
    }

    # build.ps1 says which configuration it built; otherwise prefer Release, the documented build.
    $configurations = @()
    if ($env:BAILIAN_TEST_CONFIGURATION) { $configurations += $env:BAILIAN_TEST_CONFIGURATION }
    $configurations += 'Release', 'Debug'
    return (Find-BailianEmulatorDll -RepoRoot $script:BailianRepoRoot -Configuration $configurations)
}

function Start-BailianEmulator {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Test plumbing that only the Pester suite calls: -WhatIf/-Confirm would mean nothing to it, and a skipped step would break the test that relies on it.')]
    param([int] $TimeoutSec = 30)

    $script:Emulator = Start-BailianEmulatorProcess -DllPath (Get-BailianEmulatorPath) -TimeoutSec $TimeoutSec
    $base = $script:Emulator.Base
    $script:EmulatorBase = $base
    $script:BeijingApi = $base + 'cn-beijing/api/v1'
    $script:SingaporeApi = $base + 'ap-southeast-1/api/v1'
    $script:VirginiaApi = $base + 'us-east-1/api/v1'
}

function Stop-BailianEmulator {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Test plumbing that only the Pester suite calls: -WhatIf/-Confirm would mean nothing to it, and a skipped step would break the test that relies on it.')]
    param()

    if ($null -ne $script:Emulator) { Stop-BailianEmulatorProcess -Emulator $script:Emulator }
    $script:Emulator = $null
    $script:EmulatorBase = $null
}

function Invoke-EmulatorControl {
    param(
        [Parameter(Mandatory = $true)][string] $Method,
        [Parameter(Mandatory = $true)][string] $RelativeUri,
        $Body
    )

    if (-not $script:EmulatorBase) { throw 'The Bailian emulator is not running in this test file.' }
    $parameters = @{
        Uri             = $script:EmulatorBase + $RelativeUri
        Method          = $Method
        UseBasicParsing = $true
        ErrorAction     = 'Stop'
    }
    # A machine-wide HTTP proxy must not see loopback traffic; pwsh can say so, 5.1 bypasses loopback anyway.
    if ($PSVersionTable.PSVersion.Major -ge 6) { $parameters['NoProxy'] = $true }
    if ($null -ne $Body) {
        $parameters['Body'] = ConvertTo-Json -InputObject $Body -Depth 5 -Compress
        $parameters['ContentType'] = 'application/json'
    }
    Invoke-RestMethod @parameters
}

# Requests the emulator recorded, oldest first; -Kind api (the default) hides downloads and control calls.
function Get-EmulatorRequest {
    param([ValidateSet('api', 'download', 'control', 'upload', 'all')][string] $Kind = 'api')

    $all = Invoke-EmulatorControl -Method 'Get' -RelativeUri '_emulator/requests'
    # Windows PowerShell emits a JSON array as one object, pwsh as its items: foreach copes with both.
    foreach ($entry in $all) {
        if ($null -eq $entry) { continue }
        if ($Kind -eq 'all' -or $entry.kind -eq $Kind) { $entry }
    }
}

function Clear-EmulatorRequest {
    $null = Invoke-EmulatorControl -Method 'Delete' -RelativeUri '_emulator/requests'
}

function Add-EmulatorFault {
    param(
        [ValidateSet('api', 'download')][string] $Scope = 'api',
        [Parameter(Mandatory = $true)][ValidateSet('429', '500', '503', 'drop', 'dropMidStream')][string] $Kind,
        [int] $Count = 1,
        [int] $RetryAfterSeconds = -1,
        [long] $AfterBytes = -1
    )

    $fault = @{ scope = $Scope; kind = $Kind; count = $Count }
    if ($RetryAfterSeconds -ge 0) { $fault['retryAfterSeconds'] = $RetryAfterSeconds }
    if ($AfterBytes -ge 0) { $fault['afterBytes'] = $AfterBytes }
    $null = Invoke-EmulatorControl -Method 'Post' -RelativeUri '_emulator/faults' -Body $fault
}

# The recorded body is UTF-8 text; parse it, but accept an already-parsed object too.
function Get-EmulatorRequestBody {
    param($Request)

    if ($null -eq $Request) { return $null }
    $body = $Request.body
    if ($body -is [string]) {
        if ([string]::IsNullOrWhiteSpace($body)) { return $null }
        return (ConvertFrom-Json -InputObject $body)
    }
    return $body
}

# The prompt a request carried: the text item of the chat message, or input.prompt on async protocols.
function Get-EmulatorRequestPrompt {
    param($Request)

    $body = Get-EmulatorRequestBody -Request $Request
    if ($null -eq $body -or $null -eq $body.input) { return $null }
    foreach ($message in @($body.input.messages)) {
        if ($null -eq $message) { continue }
        foreach ($item in @($message.content)) {
            if ($null -ne $item -and $null -ne $item.PSObject.Properties['text']) { return [string]$item.text }
        }
    }
    if ($null -ne $body.input.PSObject.Properties['prompt']) { return [string]$body.input.prompt }
    return $null
}

function New-TestSecureString {
    # The texts are the emulator's documented keys (sk-emulator-*), valid nowhere else: not secrets. The cmdlets
    # take a SecureString, and converting from plain text is the only way a test can make one.
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'Only the emulator''s public test keys, which are valid nowhere else.')]
    param([Parameter(Mandatory = $true)][string] $Text)

    return (ConvertTo-SecureString -String $Text -AsPlainText -Force)
}

# Splat into New-BailianImage: the emulator's Beijing region and its key.
function Get-BeijingConnection {
    return @{
        Endpoint = $script:BeijingApi
        ApiKey   = (New-TestSecureString -Text $script:BeijingKeyText)
    }
}

function Get-FileHeadHex {
    param(
        [Parameter(Mandatory = $true)][string] $Path,
        [int] $Count = 8
    )

    $bytes = [System.IO.File]::ReadAllBytes($Path)
    $take = [Math]::Min($Count, $bytes.Length)
    $hex = ''
    for ($i = 0; $i -lt $take; $i++) { $hex += '{0:X2}' -f $bytes[$i] }
    return $hex
}

function Get-FileTailHex {
    param(
        [Parameter(Mandatory = $true)][string] $Path,
        [int] $Count = 12
    )

    $bytes = [System.IO.File]::ReadAllBytes($Path)
    $take = [Math]::Min($Count, $bytes.Length)
    $hex = ''
    for ($i = $bytes.Length - $take; $i -lt $bytes.Length; $i++) { $hex += '{0:X2}' -f $bytes[$i] }
    return $hex
}

$script:PngSignatureHex = '89504E470D0A1A0A'
# Length 0, type IEND, its CRC: the last 12 bytes of every complete PNG.
$script:PngTrailerHex = '0000000049454E44AE426082'

# Runs a script block and returns the terminating error it threw, or $null. Callers pass values in
# local variables: the block runs in a child scope of this function and sees them through it.
function Get-ThrownError {
    param([Parameter(Mandatory = $true)][scriptblock] $ThrowingScript)

    try {
        $null = & $ThrowingScript
    }
    catch {
        return $_
    }
    return $null
}

# The first error record whose id is one of Bailian's, from any mix of records and nulls.
function Select-BailianError {
    param([object[]] $ErrorRecord)

    foreach ($record in $ErrorRecord) {
        if ($record -is [System.Management.Automation.ErrorRecord] -and $record.FullyQualifiedErrorId -like 'Bailian.*') {
            return $record
        }
    }
    return $null
}

# Runs a command that may fail either way, terminating or not, and returns what it wrote and the
# first Bailian error it raised. Leave -ErrorAction at its default in the command: 2>&1 collects the
# non-terminating errors, catch the terminating one. The block sees the caller's variables.
function Invoke-CapturingError {
    param([Parameter(Mandatory = $true)][scriptblock] $Command)

    $records = @()
    $caught = $null
    try {
        $records = @(& $Command 2>&1)
    }
    catch {
        $caught = $_
    }
    $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    return [pscustomobject]@{
        Output = @($records | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        Error  = (Select-BailianError -ErrorRecord (@($caught) + $errors))
    }
}

# Every text an error record shows a user: to check that no secret ended up in one.
function Get-ErrorRecordText {
    param([System.Management.Automation.ErrorRecord] $ErrorRecord)

    $parts = @($ErrorRecord.ToString(), $ErrorRecord.Exception.ToString())
    if ($null -ne $ErrorRecord.ErrorDetails) { $parts += [string]$ErrorRecord.ErrorDetails.Message }
    if ($null -ne $ErrorRecord.TargetObject) { $parts += [string]$ErrorRecord.TargetObject }
    return ($parts -join "`n")
}

function Set-TestEnvironmentVariable {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Test plumbing that only the Pester suite calls: -WhatIf/-Confirm would mean nothing to it, and a skipped step would break the test that relies on it.')]
    param(
        [Parameter(Mandatory = $true)][string] $Name,
        $Value
    )

    # An empty or null value removes the variable, as in the official SDKs' view of "not set".
    [System.Environment]::SetEnvironmentVariable($Name, $Value)
}

function Save-BailianEnvironment {
    $saved = @{}
    foreach ($name in $script:BailianEnvNames) {
        $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
    }
    $script:BailianSavedEnv = $saved
}

function Restore-BailianEnvironment {
    if ($null -eq $script:BailianSavedEnv) { return }
    foreach ($name in $script:BailianEnvNames) {
        Set-TestEnvironmentVariable -Name $name -Value $script:BailianSavedEnv[$name]
    }
    $script:BailianSavedEnv = $null
}

function Disconnect-BailianQuietly {
    # Ask Get-Module, not Get-Command: the latter would auto-load some other installed Bailian.
    if (Get-Module -Name 'Bailian') {
        try { Disconnect-Bailian -ErrorAction SilentlyContinue } catch { $null = $_ }
    }
}

# The state every test starts from: no session, no key in the environment, and the endpoint variable
# pointing at the emulator so that nothing a test forgets to redirect can reach the real service.
function Reset-BailianTestState {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Test plumbing that only the Pester suite calls: -WhatIf/-Confirm would mean nothing to it, and a skipped step would break the test that relies on it.')]
    param()

    Disconnect-BailianQuietly
    Set-TestEnvironmentVariable -Name 'DASHSCOPE_API_KEY' -Value $null
    Set-TestEnvironmentVariable -Name 'DASHSCOPE_API_KEY_FILE_PATH' -Value $null
    Set-TestEnvironmentVariable -Name 'DASHSCOPE_HTTP_BASE_URL' -Value $script:BeijingApi
    if ($script:EmulatorBase) { Clear-EmulatorRequest }
}

function Initialize-BailianTestSession {
    param([switch] $NoEmulator)

    Save-BailianEnvironment
    Import-BailianTestModule
    if (-not $NoEmulator) { Start-BailianEmulator }
    Reset-BailianTestState
}

function Complete-BailianTestSession {
    Disconnect-BailianQuietly
    Stop-BailianEmulator
    Restore-BailianEnvironment
}
