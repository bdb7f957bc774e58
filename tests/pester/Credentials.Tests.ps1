# Where the API key and the endpoint come from, in the official SDKs' order: -ApiKey, Connect-Bailian,
# $env:DASHSCOPE_API_KEY, the file named by $env:DASHSCOPE_API_KEY_FILE_PATH, ~/.dashscope/api_key.

# Decided during Discovery, where -Skip is evaluated: with a key file in the home folder the module
# rightly finds a key, so "no key anywhere" cannot be tested on this machine.
$userProfile = [System.Environment]::GetFolderPath('UserProfile')
$hasHomeApiKeyFile = [bool]$userProfile -and (Test-Path -LiteralPath ([System.IO.Path]::Combine($userProfile, '.dashscope', 'api_key')))

Describe 'API key and endpoint resolution' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    BeforeEach {
        Reset-BailianTestState
    }

    AfterEach {
        Disconnect-BailianQuietly
    }

    It 'stops with Bailian.NoApiKey, naming every place it looked, when there is no key' -Skip:$hasHomeApiKeyFile {
        Set-TestEnvironmentVariable -Name 'DASHSCOPE_API_KEY_FILE_PATH' -Value (Join-Path $TestDrive 'no-such-key-file')
        Disconnect-Bailian
        $api = $script:BeijingApi

        $record = Get-ThrownError -ThrowingScript { New-BailianImage -Prompt 'a red fox' -Endpoint $api }

        $record | Should -Not -BeNullOrEmpty -Because 'a missing key is a terminating error'
        $record.FullyQualifiedErrorId | Should -BeLike 'Bailian.NoApiKey*'
        $message = $record.ToString()
        $message | Should -Match 'ApiKey'
        $message | Should -Match 'Connect-Bailian'
        $message | Should -Match 'DASHSCOPE_API_KEY'
        $message | Should -Match 'DASHSCOPE_API_KEY_FILE_PATH'
        $message | Should -Match '\.dashscope'
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    It 'uses the key and the endpoint set by Connect-Bailian' {
        # The environment points elsewhere, so success proves the session won.
        Set-TestEnvironmentVariable -Name 'DASHSCOPE_HTTP_BASE_URL' -Value $script:VirginiaApi
        $null = Connect-Bailian -ApiKey (New-TestSecureString -Text $script:BeijingKeyText) -Endpoint $script:BeijingApi

        $results = @(New-BailianImage -Prompt 'a quiet harbor at dawn' -ErrorAction Stop)

        $results.Count | Should -Be 1
        $results[0].Url | Should -BeLike ($script:EmulatorBase + '*')
        $requests = @(Get-EmulatorRequest)
        $requests.Count | Should -Be 1
        $requests[0].region | Should -Be 'cn-beijing'
    }

    It 'forgets the session on Disconnect-Bailian' -Skip:$hasHomeApiKeyFile {
        $null = Connect-Bailian -ApiKey (New-TestSecureString -Text $script:BeijingKeyText) -Endpoint $script:BeijingApi
        Disconnect-Bailian

        $record = Get-ThrownError -ThrowingScript { New-BailianImage -Prompt 'a quiet harbor at dawn' }

        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike 'Bailian.NoApiKey*'
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    It 'reads $env:DASHSCOPE_API_KEY and $env:DASHSCOPE_HTTP_BASE_URL' {
        Set-TestEnvironmentVariable -Name 'DASHSCOPE_API_KEY' -Value $script:BeijingKeyText
        Set-TestEnvironmentVariable -Name 'DASHSCOPE_HTTP_BASE_URL' -Value $script:BeijingApi

        $results = @(New-BailianImage -Prompt 'a red fox' -ErrorAction Stop)

        $results.Count | Should -Be 1
        @(Get-EmulatorRequest)[0].region | Should -Be 'cn-beijing'
    }

    It 'reads the key file named by $env:DASHSCOPE_API_KEY_FILE_PATH, trailing newline and all' {
        $keyFile = Join-Path $TestDrive 'api_key'
        [System.IO.File]::WriteAllText($keyFile, $script:BeijingKeyText + [System.Environment]::NewLine)
        Set-TestEnvironmentVariable -Name 'DASHSCOPE_API_KEY_FILE_PATH' -Value $keyFile

        $results = @(New-BailianImage -Prompt 'a red fox' -Endpoint $script:BeijingApi -ErrorAction Stop)

        $results.Count | Should -Be 1
    }

    It 'prefers -ApiKey to the session and the environment' {
        Set-TestEnvironmentVariable -Name 'DASHSCOPE_API_KEY' -Value $script:SingaporeKeyText
        $null = Connect-Bailian -ApiKey (New-TestSecureString -Text $script:SingaporeKeyText) -Endpoint $script:BeijingApi

        $results = @(New-BailianImage -Prompt 'a red fox' -ApiKey (New-TestSecureString -Text $script:BeijingKeyText) -ErrorAction Stop)

        $results.Count | Should -Be 1
    }

    It 'prefers the Connect-Bailian key to $env:DASHSCOPE_API_KEY' {
        Set-TestEnvironmentVariable -Name 'DASHSCOPE_API_KEY' -Value $script:SingaporeKeyText
        $null = Connect-Bailian -ApiKey (New-TestSecureString -Text $script:BeijingKeyText) -Endpoint $script:BeijingApi

        $results = @(New-BailianImage -Prompt 'a red fox' -ErrorAction Stop)

        $results.Count | Should -Be 1
    }

    It 'prefers -Endpoint to the session endpoint' {
        $null = Connect-Bailian -ApiKey (New-TestSecureString -Text $script:BeijingKeyText) -Endpoint $script:VirginiaApi

        $results = @(New-BailianImage -Prompt 'a red fox' -Endpoint $script:BeijingApi -ErrorAction Stop)

        $results.Count | Should -Be 1
        @(Get-EmulatorRequest)[0].region | Should -Be 'cn-beijing'
    }

    It 'keeps a Connect-Bailian to its own runspace' {
        $null = Connect-Bailian -ApiKey (New-TestSecureString -Text $script:BeijingKeyText) -Endpoint $script:BeijingApi
        # Another runspace of this process (as ForEach-Object -Parallel and thread jobs make) connects elsewhere.
        $other = [powershell]::Create()
        try {
            $null = $other.AddScript('param($Manifest, $Endpoint, $Key) Import-Module $Manifest; Connect-Bailian -Endpoint $Endpoint -ApiKey $Key').
                AddArgument($script:BailianManifestPath).AddArgument($script:SingaporeApi).AddArgument($script:SingaporeKeyText).Invoke()
            $other.HadErrors | Should -BeFalse
        }
        finally {
            $other.Dispose()
        }

        $results = @(New-BailianImage -Prompt 'a red fox' -ErrorAction Stop)

        $results.Count | Should -Be 1
        @(Get-EmulatorRequest)[0].region | Should -Be 'cn-beijing'
    }

    It 'masks a key that arrives in a row: in errors, results and sidecar files' {
        $connection = Get-BeijingConnection
        $secret = 'sk-test.not-a-real-key-0123'
        $rows = @(
            [pscustomobject]@{ prompt = 'a fox'; api_key = $secret; note = "pasted $secret here" }
            [pscustomobject]@{ prompt = 'a bad row'; n = 'abc'; api_key = $secret; note = "pasted $secret here" }
        )
        $out = Join-Path $TestDrive 'masked'
        $rowErrors = $null
        $files = @($rows | New-BailianImage @connection -ErrorVariable rowErrors -ErrorAction SilentlyContinue |
                Save-BailianImage -Path $out -Metadata -ErrorAction Stop)

        $files.Count | Should -Be 1
        $rowErrors.Count | Should -Be 1
        $written = @(
            $rowErrors | Format-List * -Force | Out-String
            $rowErrors | ForEach-Object { $_.TargetObject } | Format-List * | Out-String
            [System.Management.Automation.PSSerializer]::Serialize($rowErrors[0], 3)
            $files | Format-List * | Out-String
            Get-ChildItem -LiteralPath $out -Filter '*.json' | Get-Content -Raw
        ) -join "`n"
        $written | Should -Not -Match $secret
        $written | Should -Match 'pasted sk-\*\*\* here'
    }

    It 'takes -ApiKey as a plain string too' {
        $results = @(New-BailianImage -Prompt 'a red fox' -Endpoint $script:BeijingApi -ApiKey $script:BeijingKeyText -ErrorAction Stop)

        $results.Count | Should -Be 1
    }

    It 'refuses a plain-HTTP endpoint that is not loopback' {
        # .invalid never resolves, so nothing can leave the machine even if the check were missing.
        $endpoint = 'http://bailian.invalid/api/v1'
        $key = New-TestSecureString -Text $script:BeijingKeyText
        $outcome = Invoke-CapturingError { New-BailianImage -Prompt 'a red fox' -Endpoint $endpoint -ApiKey $key }

        $outcome.Output.Count | Should -Be 0
        $record = $outcome.Error
        $record | Should -Not -BeNullOrEmpty
        $record.ToString() | Should -Match 'https'
    }
}
