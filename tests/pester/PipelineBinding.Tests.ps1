# What other commands' objects bind to our parameters, tested cell by cell on the real binder.
#
# Piped object (rows)       x what may bind by property name (columns)
#   FileInfo (Get-ChildItem, Get-Item; on Unix it has a Size property)
#                           Edit: LiteralPath (from PSPath, no wildcards) and Name (its base name); nothing else,
#                                 so Size, Length, Mode... never reach a parameter.  New, Save: refused, row-numbered.
#   DirectoryInfo           New, Edit, Save: refused, row-numbered.
#   Import-Csv row, ConvertFrom-Json object, [pscustomobject]
#                           every request parameter by name or alias; numbers and booleans read strictly
#                           (Bailian.InvalidNumber / Bailian.InvalidBoolean); never ApiKey, Region, Endpoint,
#                           TimeoutSec, MaxRetryCount (a row does not choose where the key goes).
#   ImageResult             Edit: Image (its Url) and Name; New: prompt, model, size, seed, name; Save: the image.
#   ImageTask               Save: the task (waited for when still running); Edit: refused; Get/Stop-BailianTask: the task.
#   Saved file (Save-BailianImage output)
#                           a provider item with PSPath, so Remove-Item and friends take it literally.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

Describe 'Objects from other commands' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession
        $connection = Get-BeijingConnection

        # Two pictures whose names differ only by a wildcard pattern, and of different pixel sizes.
        $script:Folder = Join-Path $TestDrive 'brackets'
        $made = @(New-BailianImage 'a square cat' -Size '1328*1328' @connection -ErrorAction Stop |
                Save-BailianImage -Path $script:Folder -FileName 'square' -ErrorAction Stop)
        $made += @(New-BailianImage 'a wide cat' -Size '1664*928' @connection -ErrorAction Stop |
                Save-BailianImage -Path $script:Folder -FileName 'wide' -ErrorAction Stop)
        Move-Item -LiteralPath $made[0].FullName -Destination (Join-Path $script:Folder 'cat[1].png')
        Move-Item -LiteralPath $made[1].FullName -Destination (Join-Path $script:Folder 'cat1.png')

        function Get-PostedBody {
            @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' } | ForEach-Object { Get-EmulatorRequestBody -Request $_ })
        }

        # Runs a command, collecting its non-terminating errors; returns the output and the errors' texts.
        function Invoke-Rows {
            param([scriptblock] $Command)

            $all = @(& $Command 2>&1)
            $rowErrors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            [pscustomobject]@{
                Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
                Errors = @($rowErrors | ForEach-Object { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId.Split(',')[0]; Text = $_.ToString() } })
            }
        }
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    BeforeEach {
        Reset-BailianTestState
        Clear-EmulatorRequest
    }

    Context 'FileInfo and DirectoryInfo' {
        It 'binds a file to Edit-BailianImage by its path and name only (no Size, even where FileInfo has one)' {
            $connection = Get-BeijingConnection
            $file = Get-Item -LiteralPath (Join-Path $script:Folder 'cat1.png')
            $results = @($file | Edit-BailianImage -Prompt 'watercolor' @connection -ErrorAction Stop)

            $results.Count | Should -Be 1
            $results[0].Name | Should -Be 'cat1'
            $body = Get-PostedBody
            $body.Count | Should -Be 1
            $body[0].parameters.PSObject.Properties.Name | Should -Not -Contain 'size'
        }

        It 'sends the exact file piped in, not the files its name matches as a wildcard' {
            $connection = Get-BeijingConnection
            $literal = Join-Path $script:Folder 'cat[1].png'
            $null = Get-Item -LiteralPath $literal | Edit-BailianImage 'watercolor' @connection -ErrorAction Stop

            $sent = (Get-PostedBody)[0].input.messages[0].content[0].image
            $sent | Should -Be ('data:image/png;base64,' + [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($literal)))
        }

        It 'refuses a file piped to New-BailianImage, naming the row, and sends nothing' {
            $connection = Get-BeijingConnection
            $outcome = Invoke-Rows { 'a fox', (Get-Item -LiteralPath (Join-Path $script:Folder 'cat1.png')) | New-BailianImage @connection }

            $outcome.Output.Count | Should -Be 1
            $outcome.Errors.Count | Should -Be 1
            $outcome.Errors[0].Id | Should -Be 'Bailian.UnsupportedInput'
            $outcome.Errors[0].Text | Should -Match '^Row 2: .*cat1\.png.* is a file'
            @(Get-PostedBody).Count | Should -Be 1
        }

        It 'refuses a folder piped to Edit-BailianImage and to Save-BailianImage' {
            $connection = Get-BeijingConnection
            $folder = Get-Item -LiteralPath $script:Folder
            $edit = Invoke-Rows { $folder | Edit-BailianImage -Prompt 'p' @connection }
            $save = Invoke-Rows { $folder | Save-BailianImage -Path (Join-Path $TestDrive 'never') }

            $edit.Errors[0].Id | Should -Be 'Bailian.UnsupportedInput'
            $edit.Errors[0].Text | Should -Match '^Row 1: .* is a folder'
            $save.Errors[0].Id | Should -Be 'Bailian.UnsupportedInput'
            $save.Errors[0].Text | Should -Match '^Row 1: '
            @(Get-PostedBody).Count | Should -Be 0
        }

        It 'refuses images given two ways instead of dropping one' {
            $connection = Get-BeijingConnection
            $cat = Join-Path $script:Folder 'cat1.png'
            $outcome = Invoke-Rows { $cat | Edit-BailianImage 'p' -Image $cat @connection }

            $outcome.Errors[0].Id | Should -Be 'Bailian.InvalidImageCount'
            $outcome.Errors[0].Text | Should -Match '^Row 1: Images came more than one way'
            @(Get-PostedBody).Count | Should -Be 0
        }

        It 'says "No file matches" for a wildcard that matches nothing' {
            $connection = Get-BeijingConnection
            $outcome = Invoke-Rows { Edit-BailianImage 'p' -Image (Join-Path $script:Folder 'dog*.png') @connection }

            $outcome.Errors[0].Id | Should -Be 'Bailian.ImageNotFound'
            $outcome.Errors[0].Text | Should -Match 'No file matches'
        }
    }

    Context 'Rows: Import-Csv, ConvertFrom-Json, [pscustomobject]' {
        It 'numbers every error by the row the user counts, and sends no row whose numbers are not plain' {
            $connection = Get-BeijingConnection
            $csv = Join-Path $TestDrive 'numbers.csv'
            @(
                'prompt,n,seed'
                'first fine row,1,'
                ',1,'
                'n is text,abc,'
                'n is a fraction,2.5,'
                'n has a thousands comma,"1,5",'
                'n is hex,0x2,'
                'seed in exponent form,,1e3'
                'seed is text,,abc'
                'last fine row,1,42'
            ) | Set-Content -LiteralPath $csv -Encoding UTF8

            $outcome = Invoke-Rows { Import-Csv -LiteralPath $csv | New-BailianImage @connection -Ordered }

            @($outcome.Output | ForEach-Object { $_.Prompt }) -join '|' | Should -Be 'first fine row|last fine row'
            @($outcome.Errors | ForEach-Object { $_.Text.Substring(0, 6) }) -join '|' | Should -Be 'Row 2:|Row 3:|Row 4:|Row 5:|Row 6:|Row 7:|Row 8:'
            $outcome.Errors[0].Id | Should -Be 'Bailian.EmptyPrompt'
            @($outcome.Errors | Select-Object -Skip 1 | ForEach-Object { $_.Id } | Sort-Object -Unique) | Should -Be 'Bailian.InvalidNumber'
            $outcome.Errors[1].Text | Should -Match "n 'abc' is not a whole number"
            $outcome.Errors[5].Text | Should -Match "seed '1e3' is not a whole number"
            $body = Get-PostedBody
            $body.Count | Should -Be 2
            $body[1].parameters.seed | Should -Be 42
        }

        It 'numbers piped strings too: the Nth line piped in is row N' {
            $connection = Get-BeijingConnection
            $outcome = Invoke-Rows { 'a fox', '', 'an owl' | New-BailianImage @connection }

            $outcome.Output.Count | Should -Be 2
            $outcome.Errors[0].Id | Should -Be 'Bailian.EmptyPrompt'
            $outcome.Errors[0].Text | Should -Match '^Row 2: The prompt is empty'
        }

        It 'refuses a boolean column that is not one' {
            $connection = Get-BeijingConnection
            $outcome = Invoke-Rows { [pscustomobject]@{ prompt = 'p'; prompt_extend = 'maybe' } | New-BailianImage @connection }

            $outcome.Errors[0].Id | Should -Be 'Bailian.InvalidBoolean'
            $outcome.Errors[0].Text | Should -Match "^Row 1: prompt_extend 'maybe'"
            @(Get-PostedBody).Count | Should -Be 0
        }

        It 'takes typed numbers from ConvertFrom-Json, and refuses a fractional count' {
            $connection = Get-BeijingConnection
            $rows = '[{"prompt":"json row","n":1,"seed":7,"prompt_extend":false},{"prompt":"json fraction","n":1.5}]' | ConvertFrom-Json
            $outcome = Invoke-Rows { $rows | New-BailianImage @connection }

            $outcome.Output.Count | Should -Be 1
            $outcome.Errors[0].Text | Should -Match "^Row 2: n '1.5' is not a whole number"
            $body = @(Get-PostedBody)
            $body.Count | Should -Be 1
            $body[0].parameters.seed | Should -Be 7
            $body[0].parameters.prompt_extend | Should -BeFalse
        }

        It 'never takes the key, region, endpoint or timeouts from a row' {
            $connection = Get-BeijingConnection
            $row = [pscustomobject]@{
                prompt = 'a fox'; endpoint = 'http://127.0.0.1:9/api/v1'; region = 'ap-southeast-1'
                api_key = 'sk-from-a-row'; timeout = '0'; max_retries = 'x'
            }
            $results = @($row | New-BailianImage @connection -ErrorAction Stop)

            $results.Count | Should -Be 1
            $results[0].Endpoint | Should -Be $script:BeijingApi
            # Nor carried onto the result as columns (README, about_Bailian).
            foreach ($column in 'api_key', 'timeout', 'max_retries', 'endpoint') {
                @($results[0].PSObject.Properties | Where-Object { $_.Name -ceq $column }).Count | Should -Be 0 -Because $column
            }
            $requests = @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' })
            $requests.Count | Should -Be 1
            $requests[0].path | Should -BeLike '/cn-beijing/*'
        }
    }

    Context 'Save-BailianImage' {
        It 'numbers its errors by the object piped in' {
            $connection = Get-BeijingConnection
            $result = New-BailianImage 'a cat' @connection -ErrorAction Stop
            $outcome = Invoke-Rows { $result, 'not a url', $result.Url | Save-BailianImage -Path (Join-Path $TestDrive 'numbered') -Ordered }

            $outcome.Output.Count | Should -Be 2
            $outcome.Errors.Count | Should -Be 1
            $outcome.Errors[0].Text | Should -Match "^Row 2: 'not a url' is not an http\(s\) URL"
        }
    }

    Context 'Our own objects' {
        It 'keeps an edit''s own prompt, model and size when an ImageResult is piped in, and uses its Url' {
            $connection = Get-BeijingConnection
            $source = New-BailianImage 'a cat' -Size '1664*928' @connection -ErrorAction Stop
            Clear-EmulatorRequest
            $edited = @($source | Edit-BailianImage -Prompt 'make it a watercolor' @connection -ErrorAction Stop)

            $edited[0].Prompt | Should -Be 'make it a watercolor'
            $body = (Get-PostedBody)[0]
            $body.model | Should -Be 'qwen-image-edit-plus'
            $body.parameters.PSObject.Properties.Name | Should -Not -Contain 'size'
            $body.input.messages[0].content[0].image | Should -Be $source.Url
        }

        It 'refuses a task piped to Edit-BailianImage, saying how to pipe its images' {
            $connection = Get-BeijingConnection
            $task = New-BailianImage 'a cat' -Model 'wan2.2-t2i-flash' -Async @connection -ErrorAction Stop
            $outcome = Invoke-Rows { $task | Edit-BailianImage -Prompt 'p' @connection }

            $outcome.Errors[0].Id | Should -Be 'Bailian.UnsupportedInput'
            $outcome.Errors[0].Text | Should -Match 'Get-BailianTask -Wait'
        }

        It 'asks about a piped task where it was made, with the key the command line gives' {
            $singaporeKey = New-TestSecureString -Text $script:SingaporeKeyText
            $task = New-BailianImage 'a cat' -Async -Endpoint $script:SingaporeApi -ApiKey $singaporeKey -ErrorAction Stop
            Clear-EmulatorRequest
            $queried = @($task | Get-BailianTask -ApiKey $singaporeKey -ErrorAction Stop)

            $queried[0].TaskId | Should -Be $task.TaskId
            @(Get-EmulatorRequest | ForEach-Object { $_.path }) | Should -Be "/ap-southeast-1/api/v1/tasks/$($task.TaskId)"
        }

        It 'writes saved files as provider items: PSPath set, Remove-Item takes a name with [ ] literally' {
            $connection = Get-BeijingConnection
            $out = Join-Path $TestDrive 'provider-items'
            $saved = New-BailianImage 'a cat' @connection -ErrorAction Stop | Save-BailianImage -Path $out -FileName 'cat[1]' -ErrorAction Stop

            $saved.Name | Should -Be 'cat[1].png'
            $saved.PSPath | Should -BeLike '*FileSystem::*cat`[1`].png'
            $saved.PSParentPath | Should -Not -BeNullOrEmpty
            $saved | Format-Table | Out-String -Width 200 | Should -Match ('Directory: .*provider-items(?s).*' + [regex]::Escape($saved.Length.ToString()) + '.*cat\[1\]\.png')
            $saved | Remove-Item
            Test-Path -LiteralPath (Join-Path $out 'cat[1].png') | Should -BeFalse
        }

        It 'writes every saved file as Get-Item would, not only the first (the provider is asked once per folder)' {
            $connection = Get-BeijingConnection
            $out = Join-Path $TestDrive 'provider-items-many'
            $saved = @('a cat', 'a dog', 'a fox' | New-BailianImage @connection -ErrorAction Stop |
                    Save-BailianImage -Path $out -FileName '{name}[{prompt}]' -ErrorAction Stop)

            $saved.Count | Should -Be 3
            foreach ($file in $saved) {
                $expected = Get-Item -LiteralPath $file.FullName -Force
                # Every property the provider adds (UnixStat too, on Linux and macOS), in its order, and what the
                # default view shows from them (UnixMode, User, Group, Size on Linux and macOS; Mode on Windows).
                $added = @($expected.PSObject.Properties | Where-Object { $_.MemberType -eq 'NoteProperty' } | ForEach-Object Name)
                $added | Should -Contain 'PSPath'
                @($file.PSObject.Properties | Where-Object { $_.MemberType -eq 'NoteProperty' -and $_.Name -in $added } | ForEach-Object Name) |
                    Should -Be $added -Because "the provider's properties of $($file.Name)"
                foreach ($name in $added + @('Mode', 'UnixMode', 'User', 'Group', 'Size')) {
                    "$($file.$name)" | Should -Be "$($expected.$name)" -Because "$name of $($file.Name)"
                }
                ($file | Format-Table | Out-String -Width 300).Trim() | Should -Be ($expected | Format-Table | Out-String -Width 300).Trim()
                $file.pstypenames[0] | Should -Be 'System.IO.FileInfo'
                $file.Url | Should -Not -BeNullOrEmpty
            }
            $saved | Remove-Item
            @(Get-ChildItem -LiteralPath $out -File).Count | Should -Be 0
        }
    }
}
