# OpenAI-style gateways end to end (issue 11 section 2): Import-Csv | New-BailianImage -Protocol OpenAI | Save-BailianImage
# against the emulator's /gateway/v1, with both response formats, and the refusals made before anything is sent.
# Keep this file ASCII and Windows PowerShell 5.1-compatible.

Describe 'OpenAI-style gateways' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession

        $script:GatewayKeyText = 'sk-emulator-gateway'
        $script:Gateway = @{
            Protocol = 'OpenAI'
            Endpoint = $script:EmulatorBase + 'gateway/v1'
            ApiKey   = (New-TestSecureString -Text $script:GatewayKeyText)
        }
        $script:Csv = Join-Path $TestDrive 'prompts.csv'
        Set-Content -LiteralPath $script:Csv -Encoding UTF8 -Value @(
            'prompt,name,size,seed,negative_prompt,prompt_extend,project'
            'an orange cat asleep in the sun,cat,1328*1328,1,blurry,false,pets'
            '"a lighthouse on a cliff, oil painting",lighthouse,1664x928,2,,yes,coast'
        )
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    BeforeEach {
        Reset-BailianTestState
    }

    It 'generates a CSV batch through /images/generations and saves the URLs it answers' {
        $out = Join-Path $TestDrive 'url'
        $files = @(Import-Csv -LiteralPath $script:Csv | New-BailianImage @Gateway -ErrorAction Stop | Save-BailianImage -Path $out -ErrorAction Stop)

        $files.Count | Should -Be 2
        foreach ($file in $files) { Get-FileHeadHex -Path $file.FullName | Should -Be $script:PngSignatureHex }
        $api = @(Get-EmulatorRequest)
        $api.Count | Should -Be 2
        foreach ($request in $api) { $request.path | Should -Be '/gateway/v1/images/generations' }
        $first = Get-EmulatorRequestBody -Request ($api | Where-Object { (Get-EmulatorRequestBody -Request $_).seed -eq 1 })
        $first.size | Should -Be '1328x1328'
        $first.optimize_prompt_options.enable | Should -Be $false
        $first.optimize_prompt_options.negative_prompt | Should -Be 'blurry'
        @(Get-EmulatorRequest -Kind download).Count | Should -Be 2
    }

    It 'with -ResponseFormat Base64Json, saves the bytes of the answer without any download' {
        $out = Join-Path $TestDrive 'b64'
        $results = @(Import-Csv -LiteralPath $script:Csv | New-BailianImage @Gateway -ResponseFormat Base64Json -ErrorAction Stop)
        $results.Count | Should -Be 2
        foreach ($result in $results) {
            $result.Url | Should -BeNullOrEmpty
            $result.Bytes.Length | Should -BeGreaterThan 100
            $result.project | Should -Not -BeNullOrEmpty
        }
        ($results | Format-Table | Out-String) | Should -Not -Match '137'

        $files = @($results | Save-BailianImage -Path $out -Metadata -ErrorAction Stop)

        $files.Count | Should -Be 2
        foreach ($file in $files) {
            $file.Extension | Should -Be '.png'
            Get-FileHeadHex -Path $file.FullName | Should -Be $script:PngSignatureHex
            Test-Path -LiteralPath ($file.FullName + '.json') | Should -BeTrue
        }
        (Get-EmulatorRequestBody -Request @(Get-EmulatorRequest)[0]).response_format | Should -Be 'b64_json'
        @(Get-EmulatorRequest -Kind download).Count | Should -Be 0
        # No clobber: the same images again are refused, the files stay as they were.
        $errs = $null
        $null = $results | Save-BailianImage -Path $out -ErrorAction SilentlyContinue -ErrorVariable errs
        @($errs | Where-Object { $_.FullyQualifiedErrorId -like 'Bailian.FileExists*' }).Count | Should -Be 2
    }

    It 'edits a saved image through /images/edits with the file inline as a data URI' {
        $image = Import-Csv -LiteralPath $script:Csv | Select-Object -First 1 | New-BailianImage @Gateway -ResponseFormat Base64Json -ErrorAction Stop |
            Save-BailianImage -Path (Join-Path $TestDrive 'edit-in') -ErrorAction Stop
        Clear-EmulatorRequest

        $edited = @($image | Edit-BailianImage 'make it a watercolor' @Gateway -ErrorAction Stop)

        $edited.Count | Should -Be 1
        $request = @(Get-EmulatorRequest)
        $request.Count | Should -Be 1
        $request[0].path | Should -Be '/gateway/v1/images/edits'
        $body = Get-EmulatorRequestBody -Request $request[0]
        @($body.image).Count | Should -Be 1
        @($body.image)[0] | Should -BeLike 'data:image/png;base64,iVBOR*'
    }

    It 'resumes a b64 batch whose images were generated but not saved, without paying again' {
        $resume = Join-Path $TestDrive 'resume'
        $null = Import-Csv -LiteralPath $script:Csv | New-BailianImage @Gateway -ResponseFormat Base64Json -ResumeFrom $resume -ErrorAction Stop
        @(Get-EmulatorRequest).Count | Should -Be 2
        Clear-EmulatorRequest

        $files = @(Import-Csv -LiteralPath $script:Csv | New-BailianImage @Gateway -ResponseFormat Base64Json -ResumeFrom $resume -ErrorAction Stop |
                Save-BailianImage -Path $resume -Metadata -ErrorAction Stop)

        $files.Count | Should -Be 2
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    It 'maps the gateway errors to the usual ids, in both error shapes, without showing the key' {
        foreach ($shape in 'openai', 'dashscope') {
            $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri ('_emulator/gateway?errorShape=' + $shape)
            $wrong = @{ Protocol = 'OpenAI'; Endpoint = $script:Gateway.Endpoint; ApiKey = (New-TestSecureString -Text 'sk-not-the-gateway-key-123456') }
            $run = Invoke-CapturingError { New-BailianImage 'a cat' @wrong }
            $run.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.InvalidApiKey*'
            Get-ErrorRecordText -ErrorRecord $run.Error | Should -Not -Match 'sk-not-the-gateway-key'
            $run = Invoke-CapturingError { New-BailianImage 'a cat' -Model 'dall-e-3' @Gateway -WarningAction SilentlyContinue }
            $run.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.ModelNotFound*'
        }
        $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/gateway?errorShape=openai'
    }

    It 'retries a 429 of the gateway through the batch and every row succeeds' {
        Add-EmulatorFault -Kind '429' -Count 2 -RetryAfterSeconds 1
        $results = @(Import-Csv -LiteralPath $script:Csv | New-BailianImage @Gateway -ErrorAction Stop)
        $results.Count | Should -Be 2
        @(Get-EmulatorRequest | Where-Object { $_.statusCode -eq 429 }).Count | Should -Be 2
    }

    It 'refuses -Async, tasks and -ResponseFormat on DashScope before anything is sent' {
        $run = Invoke-CapturingError { New-BailianImage 'a cat' -Async @Gateway }
        $run.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.NotOnGateway*'
        $run = Invoke-CapturingError { Get-BailianTask -TaskId 'abc' @Gateway }
        $run.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.NotOnGateway*'
        $beijing = Get-BeijingConnection
        $run = Invoke-CapturingError { New-BailianImage 'a cat' -ResponseFormat Base64Json @beijing }
        $run.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.GatewayOnly*'
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    # The "What if:" line itself (with the gateway URL) goes to the host: BailianClient.WhatIfText is checked in xunit.
    It '-WhatIf counts what a real run would bill and sends nothing' {
        $lines = Import-Csv -LiteralPath $script:Csv | New-BailianImage @Gateway -WhatIf 6>&1 | Out-String
        $lines | Should -Match '2 row\(s\) would be billed'
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    It 'Connect-Bailian -Protocol OpenAI keeps the gateway for the session and Get-BailianConnection shows it' {
        $info = Connect-Bailian -Protocol OpenAI -Endpoint $script:Gateway.Endpoint -ApiKey $script:Gateway.ApiKey
        $info.Protocol | Should -Be 'OpenAI'
        (Get-BailianConnection).Endpoint | Should -Be $script:Gateway.Endpoint
        (Get-BailianConnection | Format-List | Out-String) | Should -Not -Match 'sk-emulator-gateway'

        $result = New-BailianImage 'a cat' -ErrorAction Stop
        $result.Endpoint | Should -BeLike '*gateway/v1*'
        @(Get-EmulatorRequest)[0].path | Should -Be '/gateway/v1/images/generations'
    }
}
