# New-BailianImage driven the way users drive it: CSV rows and strings through the pipeline, against
# a private emulator whose request log shows exactly what went over the wire.

Describe 'New-BailianImage' {
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

    Context 'a CSV of three prompts piped through Save-BailianImage' {
        BeforeAll {
            Reset-BailianTestState
            $csvPath = Join-Path $PSScriptRoot 'three-prompts.csv'
            $script:CsvRows = @(Import-Csv -LiteralPath $csvPath)
            $script:CsvOut = Join-Path $TestDrive 'csv-out'
            $connection = Get-BeijingConnection

            # One pipeline, as a user writes it; -OutVariable keeps the ImageResults that flowed through.
            $script:CsvFiles = @(Import-Csv -LiteralPath $csvPath |
                    New-BailianImage @connection -ErrorAction Stop -OutVariable csvResults |
                    Save-BailianImage -Path $script:CsvOut -ErrorAction Stop)
            $script:CsvResults = @($csvResults)
            $script:CsvRequests = @(Get-EmulatorRequest)
        }

        It 'reads the fixture' {
            $script:CsvRows.Count | Should -Be 3
        }

        It 'saves one PNG per row, named {time}_{name}_{index}_{id}' {
            $script:CsvFiles.Count | Should -Be 3
            foreach ($row in $script:CsvRows) {
                $pattern = '^\d{8}_\d{6}_' + [regex]::Escape($row.name) + '_0_[0-9a-f]{8}\.png$'
                $matching = @($script:CsvFiles | Where-Object { $_.Name -match $pattern })
                $matching.Count | Should -Be 1 -Because "one file should be named after the row '$($row.name)'"
                Get-FileHeadHex -Path $matching[0].FullName | Should -Be $script:PngSignatureHex
            }
            # Nothing else in the folder: no temporary or partial files left behind.
            @(Get-ChildItem -LiteralPath $script:CsvOut -Force).Count | Should -Be 3
        }

        It 'outputs FileInfo objects that carry Url, Prompt and Model' {
            $prompts = @($script:CsvRows | ForEach-Object { $_.prompt })
            foreach ($file in $script:CsvFiles) {
                $file | Should -BeOfType ([System.IO.FileInfo])
                $file.Url | Should -Match '^https?://'
                $file.Model | Should -Be 'qwen-image-plus'
                $file.Prompt | Should -BeIn $prompts
            }
        }

        It 'outputs one ImageResult per row with the row values and its extra CSV columns' {
            $script:CsvResults.Count | Should -Be 3
            foreach ($row in $script:CsvRows) {
                $result = @($script:CsvResults | Where-Object { $_.Name -eq $row.name })
                $result.Count | Should -Be 1 -Because "one result should carry the name '$($row.name)'"
                $result[0].PSObject.TypeNames | Should -Contain 'Bailian.ImageResult'
                $result[0].Prompt | Should -Be $row.prompt
                $result[0].Model | Should -Be 'qwen-image-plus'
                $result[0].Index | Should -Be 0
                $result[0].project | Should -Be $row.project
                $result[0].Url | Should -BeLike ($script:EmulatorBase + '*')
                $result[0].RequestId | Should -Not -BeNullOrEmpty
                $result[0].ExpiresAt | Should -Not -BeNullOrEmpty
            }
        }

        It 'accepts 1328x1328 and sends the API its own 1328*1328' {
            $ramen = @($script:CsvResults | Where-Object { $_.Name -eq 'ramen' })
            $ramen.Count | Should -Be 1
            $ramen[0].Width | Should -Be 1328
            $ramen[0].Height | Should -Be 1328
            $sizes = @($script:CsvRequests | ForEach-Object { (Get-EmulatorRequestBody -Request $_).parameters.size } | Sort-Object)
            ($sizes -join ',') | Should -Be '1328*1328,1328*1328,1664*928'
        }

        It 'calls the synchronous endpoint once per row, without X-DashScope-Async' {
            $script:CsvRequests.Count | Should -Be 3
            foreach ($request in $script:CsvRequests) {
                $request.method | Should -Be 'POST'
                $request.path | Should -BeLike '*/services/aigc/multimodal-generation/generation'
                $request.region | Should -Be 'cn-beijing'
                (ConvertTo-Json -InputObject $request.headers -Compress) | Should -Not -Match 'X-DashScope-Async'
            }
        }
    }

    Context 'a prompt given as a string' {
        It 'binds a piped string to -Prompt and names the file after its first words' {
            $connection = Get-BeijingConnection
            $out = Join-Path $TestDrive 'by-value'
            $files = @('a red fox, watercolor' | New-BailianImage @connection -ErrorAction Stop | Save-BailianImage -Path $out -ErrorAction Stop)
            $files.Count | Should -Be 1
            $files[0].Name | Should -Match '_a_red_fox_0_[0-9a-f]{8}\.png$'
            Get-FileHeadHex -Path $files[0].FullName | Should -Be $script:PngSignatureHex
            @(Get-EmulatorRequest).Count | Should -Be 1
        }

        It 'takes the prompt as the first positional argument' {
            $connection = Get-BeijingConnection
            $results = @(New-BailianImage 'a red fox, watercolor' @connection -ErrorAction Stop)
            $results.Count | Should -Be 1
            $results[0].Prompt | Should -Be 'a red fox, watercolor'
            $results[0].Model | Should -Be 'qwen-image-plus'
            $results[0].Width | Should -Be 1664
            $results[0].Height | Should -Be 928
        }

        It 'sends the model chosen with -Model' {
            $connection = Get-BeijingConnection
            $results = @(New-BailianImage -Prompt 'a red fox' -Model 'qwen-image-max' @connection -ErrorAction Stop)
            $results.Count | Should -Be 1
            $results[0].Model | Should -Be 'qwen-image-max'
            $request = @(Get-EmulatorRequest)[0]
            (Get-EmulatorRequestBody -Request $request).model | Should -Be 'qwen-image-max'
        }

        It 'accepts a size written with the multiplication sign' {
            $connection = Get-BeijingConnection
            $size = '1328{0}1328' -f [char]0x00D7
            $results = @(New-BailianImage -Prompt 'a red fox' -Size $size @connection -ErrorAction Stop)
            $results.Count | Should -Be 1
            $request = @(Get-EmulatorRequest)[0]
            (Get-EmulatorRequestBody -Request $request).parameters.size | Should -Be '1328*1328'
        }

        # Issue 9: a GB18030 CSV read as UTF-8 turns the prompt into U+FFFD replacement characters, which
        # were sent and billed.
        It 'refuses a prompt garbled by reading a GB18030 CSV as UTF-8, sends nothing, and says to pass -Encoding' {
            $prompt = -join ([char[]](0x4E00, 0x53EA, 0x6A58, 0x732B))
            $gb18030 = [System.Text.Encoding]::GetEncoding('GB18030')
            $csv = Join-Path $TestDrive 'gb18030.csv'
            [System.IO.File]::WriteAllText($csv, "prompt,name`r`n$prompt,cat`r`n", $gb18030)
            $connection = Get-BeijingConnection

            $outcome = Invoke-CapturingError { Import-Csv -LiteralPath $csv -Encoding UTF8 | New-BailianImage @connection }

            @($outcome.Output).Count | Should -Be 0
            $outcome.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.GarbledText*'
            $outcome.Error.Exception.Message | Should -BeLike '*Import-Csv -Encoding*'
            @(Get-EmulatorRequest).Count | Should -Be 0

            # Read in its own encoding, the same file goes through intact.
            $rows = if ($PSVersionTable.PSVersion.Major -ge 7) { Import-Csv -LiteralPath $csv -Encoding GB18030 }
            else { [System.IO.File]::ReadAllText($csv, $gb18030) | ConvertFrom-Csv }
            $results = @($rows | New-BailianImage @connection -ErrorAction Stop)
            $results[0].Prompt | Should -Be $prompt
        }

        It 'sends a Chinese prompt from a UTF-8 CSV intact' {
            $expected = -join ([char[]](0x4E00, 0x53EA, 0x6A58, 0x732B, 0x5728, 0x9633, 0x5149, 0x4E0B, 0x6253, 0x76F9))
            $rows = @(Import-Csv -LiteralPath (Join-Path $PSScriptRoot 'chinese-prompt.csv'))
            # Guards the fixture: if Import-Csv misread it, the rest would prove nothing.
            $rows[0].prompt | Should -Be $expected

            $connection = Get-BeijingConnection
            $out = Join-Path $TestDrive 'chinese'
            $files = @($rows | New-BailianImage @connection -ErrorAction Stop | Save-BailianImage -Path $out -ErrorAction Stop)
            $files.Count | Should -Be 1
            $files[0].Name | Should -Match '^\d{8}_\d{6}_orange_cat_0_[0-9a-f]{8}\.png$'
            $files[0].Prompt | Should -Be $expected
            $request = @(Get-EmulatorRequest)[0]
            Get-EmulatorRequestPrompt -Request $request | Should -Be $expected
        }
    }

    Context 'CSV columns' {
        It 'reads yes/no, TRUE/false and 1/0 from boolean columns, and seed, negative_prompt and n' {
            $connection = Get-BeijingConnection
            $rows = @(Import-Csv -LiteralPath (Join-Path $PSScriptRoot 'options.csv'))
            $results = @($rows | New-BailianImage @connection -ErrorAction Stop)
            $results.Count | Should -Be 2

            $bodies = @{}
            foreach ($request in @(Get-EmulatorRequest)) {
                $prompt = Get-EmulatorRequestPrompt -Request $request
                if ($null -ne $prompt) { $bodies[$prompt] = Get-EmulatorRequestBody -Request $request }
            }
            $bodies.Count | Should -Be 2

            $boat = $bodies['a paper boat on a pond']
            $boat | Should -Not -BeNullOrEmpty
            $boat.parameters.prompt_extend | Should -Be $false
            $boat.parameters.watermark | Should -Be $true
            $boat.parameters.seed | Should -Be 42
            $boat.parameters.negative_prompt | Should -Be 'blurry'

            $lemonade = $bodies['a glass of lemonade on a table']
            $lemonade | Should -Not -BeNullOrEmpty
            $lemonade.parameters.prompt_extend | Should -Be $true
            $lemonade.parameters.watermark | Should -Be $false
            $lemonade.parameters.seed | Should -Be 7
            $lemonade.parameters.negative_prompt | Should -Be 'text, watermark'
        }

        It 'treats empty optional cells as not given' {
            $csv = Join-Path $TestDrive 'empty-cells.csv'
            Set-Content -LiteralPath $csv -Encoding UTF8 -Value @(
                'prompt,name,size,negative_prompt'
                'a lone tree on a hill,,,'
            )
            $connection = Get-BeijingConnection
            $results = @(Import-Csv -LiteralPath $csv | New-BailianImage @connection -ErrorAction Stop)
            $results.Count | Should -Be 1
            $results[0].Width | Should -Be 1664
            $results[0].Height | Should -Be 928
        }

        It 'reports a bad row and still generates the others' {
            $csv = Join-Path $TestDrive 'one-bad-row.csv'
            Set-Content -LiteralPath $csv -Encoding UTF8 -Value @(
                'prompt,name,size'
                'a quiet harbor at dawn,harbor,1328*1328'
                'a tiny robot,robot,100*100'
                'a field of sunflowers,sunflowers,1104*1472'
            )
            $connection = Get-BeijingConnection
            $err = $null
            $results = @(Import-Csv -LiteralPath $csv | New-BailianImage @connection -ErrorAction SilentlyContinue -ErrorVariable err)

            $results.Count | Should -Be 2
            (@($results | ForEach-Object { $_.Name } | Sort-Object) -join ',') | Should -Be 'harbor,sunflowers'
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'Bailian.InvalidSize*'
            # The failing row itself is the error's target, so a script can collect and retry it.
            $err[0].TargetObject.name | Should -Be 'robot'
            @(Get-EmulatorRequest).Count | Should -Be 2
        }
    }

    Context '-WhatIf' {
        It 'sends nothing and outputs nothing for one prompt' {
            $connection = Get-BeijingConnection
            $results = @(New-BailianImage -Prompt 'a red fox, watercolor' @connection -WhatIf)
            $results.Count | Should -Be 0
            @(Get-EmulatorRequest).Count | Should -Be 0
        }

        It 'sends nothing for a whole CSV' {
            $connection = Get-BeijingConnection
            $results = @(Import-Csv -LiteralPath (Join-Path $PSScriptRoot 'three-prompts.csv') | New-BailianImage @connection -WhatIf)
            $results.Count | Should -Be 0
            @(Get-EmulatorRequest).Count | Should -Be 0
        }
    }

    Context 'input checked before anything is sent' {
        It 'rejects <Case> with <ErrorId> and sends nothing' -TestCases @(
            @{ Case = 'a size the model does not offer'; Arguments = @{ Size = '100*100' }; ErrorId = 'Bailian.InvalidSize'; Mentions = '1328*1328' }
            @{ Case = '-n 2 for a model that makes one image per request'; Arguments = @{ n = 2 }; ErrorId = 'Bailian.InvalidCount'; Mentions = 'exactly 1 image' }
            @{ Case = 'a seed above 2147483647'; Arguments = @{ Seed = 2147483648 }; ErrorId = 'Bailian.InvalidSeed'; Mentions = '0 to 2147483647' }
            @{ Case = 'a prompt longer than 800 characters'; Arguments = @{ Prompt = ('a' * 801) }; ErrorId = 'Bailian.PromptTooLong'; Mentions = 'at most 800' }
        ) {
            # Pester 5 sets each case's keys as variables ($Arguments, $ErrorId, $Mentions; $Case names the test).
            $connection = Get-BeijingConnection
            $call = @{ Prompt = 'a red fox' }
            foreach ($name in $Arguments.Keys) { $call[$name] = $Arguments[$name] }
            $err = $null
            $results = @(New-BailianImage @call @connection -ErrorAction SilentlyContinue -ErrorVariable err)

            $results.Count | Should -Be 0
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike ($ErrorId + '*')
            $err[0].ToString() | Should -Match ([regex]::Escape($Mentions))
            @(Get-EmulatorRequest).Count | Should -Be 0
        }
    }

    Context 'service errors' {
        It 'reports a key of another region as Bailian.InvalidApiKey without echoing the key' {
            $api = $script:BeijingApi
            $wrongKey = New-TestSecureString -Text $script:SingaporeKeyText
            $outcome = Invoke-CapturingError { New-BailianImage -Prompt 'a red fox' -Endpoint $api -ApiKey $wrongKey }
            $results = $outcome.Output

            $results.Count | Should -Be 0
            $record = $outcome.Error
            $record | Should -Not -BeNullOrEmpty -Because 'a 401 must come back as a Bailian error record'
            $record.FullyQualifiedErrorId | Should -BeLike 'Bailian.InvalidApiKey*'
            Get-ErrorRecordText -ErrorRecord $record | Should -Not -Match 'sk-emulator'
            @(Get-EmulatorRequest).Count | Should -Be 1 -Because 'a rejected key is not worth retrying'
        }

        It 'retries a 429 after its Retry-After and succeeds' {
            Add-EmulatorFault -Scope 'api' -Kind '429' -Count 1 -RetryAfterSeconds 1
            $connection = Get-BeijingConnection
            $results = @(New-BailianImage -Prompt 'a red fox' @connection -ErrorAction Stop)
            $results.Count | Should -Be 1
            $requests = @(Get-EmulatorRequest)
            $requests.Count | Should -Be 2
            $requests[0].statusCode | Should -Be 429
            $requests[1].statusCode | Should -Be 200
        }

        It 'reports Bailian.Throttled when retries are off' {
            Add-EmulatorFault -Scope 'api' -Kind '429' -Count 1 -RetryAfterSeconds 0
            $connection = Get-BeijingConnection
            $outcome = Invoke-CapturingError { New-BailianImage -Prompt 'a red fox' -MaxRetryCount 0 @connection }
            $results = $outcome.Output

            $results.Count | Should -Be 0
            $record = $outcome.Error
            $record | Should -Not -BeNullOrEmpty
            $record.FullyQualifiedErrorId | Should -BeLike 'Bailian.Throttled*'
            @(Get-EmulatorRequest).Count | Should -Be 1
        }

        It 'does not post a create twice when the connection drops before the answer' {
            Add-EmulatorFault -Scope 'api' -Kind 'drop' -Count 1
            $connection = Get-BeijingConnection
            $outcome = Invoke-CapturingError { New-BailianImage -Prompt 'a red fox' -TimeoutSec 30 @connection }
            $results = $outcome.Output

            # The service may have accepted it: posting again could bill twice.
            $results.Count | Should -Be 0
            $outcome.Error | Should -Not -BeNullOrEmpty
            @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' }).Count | Should -Be 1
        }
    }

    Context 'output' {
        It 'never writes the API key to the verbose stream' {
            $connection = Get-BeijingConnection
            $records = @(New-BailianImage -Prompt 'a red fox' @connection -Verbose -ErrorAction Stop 4>&1)
            @($records | Where-Object { $_.PSObject.TypeNames -contains 'Bailian.ImageResult' }).Count | Should -Be 1
            $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
            ($verbose -join "`n") | Should -Not -Match 'sk-emulator'
        }

        It 'formats results as a table and as a list without errors' {
            $connection = Get-BeijingConnection
            $result = New-BailianImage -Prompt 'a red fox, watercolor' @connection -ErrorAction Stop
            $table = $result | Format-Table -DisplayError | Out-String -Width 250
            $table | Should -Match 'ExpiresAt'
            $table | Should -Match 'a red fox, watercolor'
            $table | Should -Not -Match '#ERR'
            $list = $result | Format-List -DisplayError | Out-String -Width 250
            $list | Should -Match 'Url\s*: http'
            $list | Should -Not -Match '#ERR'
        }
    }
}
