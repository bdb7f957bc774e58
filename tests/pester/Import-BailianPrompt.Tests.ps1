# The simple Python tool's files (seed 000) end to end against the emulator process: its prompt.txt files through
# Import-BailianPrompt | New-BailianImage | Save-BailianImage, and its config.json through Connect-Bailian -ConfigFile.
# The seed's own examples are read from the xunit fixtures (tests/Bailian.Core.Tests/Input/Fixtures), verbatim.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

Describe 'The Python tool''s prompt.txt and config.json' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession
        $script:Fixtures = Join-BailianRepoPath 'tests/Bailian.Core.Tests/Input/Fixtures'
        $script:Utf8 = New-Object System.Text.UTF8Encoding -ArgumentList $false
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    BeforeEach {
        Reset-BailianTestState
        $script:Folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:Folder
        Push-Location -LiteralPath $script:Folder
    }

    AfterEach {
        Pop-Location
        Disconnect-BailianQuietly
    }

    It 'generates and saves one image per prompt file, each with its own settings' {
        # The seed's example as Notepad saves it (BOM, CRLF), beside a plain LF file.
        $seed = [System.IO.File]::ReadAllText((Join-Path $script:Fixtures 'seed000-prompt.txt'), $script:Utf8).Replace("`r`n", "`n").Replace("`n", "`r`n")
        [System.IO.File]::WriteAllText((Join-Path $script:Folder 'prompt.txt'), $seed, (New-Object System.Text.UTF8Encoding -ArgumentList $true))
        [System.IO.File]::WriteAllText((Join-Path $script:Folder 'fox.txt'), "prompt:`na red fox`nsize=1328x1328`nwatermark=on`n", $script:Utf8)
        $beijing = Get-BeijingConnection
        $null = Connect-Bailian @beijing

        $files = @(Get-ChildItem *.txt | Import-BailianPrompt | New-BailianImage | Save-BailianImage -Path ./output -ErrorAction Stop)

        $files.Count | Should -Be 2
        foreach ($file in $files) { Test-Path -LiteralPath $file.FullName | Should -BeTrue }
        $bodies = @(Get-EmulatorRequest | ForEach-Object { Get-EmulatorRequestBody -Request $_ })
        $bodies.Count | Should -Be 2
        $fox = @($bodies | Where-Object { $_.parameters.size -eq '1328*1328' })
        $fox.Count | Should -Be 1
        $fox[0].parameters.watermark | Should -BeTrue
        $cat = @($bodies | Where-Object { $_.parameters.size -eq '1664*928' })
        $cat.Count | Should -Be 1
        $cat[0].parameters.prompt_extend | Should -BeTrue
        $cat[0].parameters.watermark | Should -BeFalse
        $cat[0].parameters.negative_prompt | Should -Not -BeNullOrEmpty
        $cat[0].input.messages[0].content[0].text | Should -Be ([regex]::Unescape('\u4e00\u4e2a\u53ef\u7231\u7684\u5c0f\u732b\u54aa\uff0c\u5728\u82b1\u56ed\u91cc\u73a9\u800d\uff0c\u9633\u5149\u660e\u5a9a\uff0c\u82b1\u6735\u76db\u5f00'))
    }

    It 'refuses a bad file with an error naming its line, and still generates the others' {
        [System.IO.File]::WriteAllText((Join-Path $script:Folder 'a.txt'), "prompt:`na red fox`n", $script:Utf8)
        [System.IO.File]::WriteAllText((Join-Path $script:Folder 'b.txt'), "prompt:`nE=mc2 on a blackboard`n", $script:Utf8)
        $beijing = Get-BeijingConnection
        $null = Connect-Bailian @beijing

        $run = Invoke-CapturingError -Command { Get-ChildItem *.txt | Import-BailianPrompt | New-BailianImage }

        @($run.Output).Count | Should -Be 1
        $run.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.PromptFileInvalid,*'
        $run.Error.Exception.Message | Should -BeLike ('{0}, line 2: *' -f (Join-Path $script:Folder 'b.txt'))
        @(Get-EmulatorRequest).Count | Should -Be 1
    }

    It 'connects with config.json: New-BailianImage uses its model and key' {
        $key = $script:BeijingKeyText
        $config = [System.IO.File]::ReadAllText((Join-Path $script:Fixtures 'seed000-config-reference.json'), $script:Utf8).Replace('sk-' + 'x' * 24, $key)  # the seed's placeholder
        [System.IO.File]::WriteAllText((Join-Path $script:Folder 'config.json'), $config, $script:Utf8)

        $connection = Connect-Bailian -ConfigFile ./config.json -ErrorAction Stop
        $results = @(New-BailianImage -Prompt 'a quiet harbor at dawn' -ErrorAction Stop)

        $connection.DefaultModel | Should -Be 'qwen-image-max'
        ($connection | Out-String) | Should -Not -Match ([regex]::Escape($key))
        $results.Count | Should -Be 1
        $results[0].Model | Should -Be 'qwen-image-max'
        $requests = @(Get-EmulatorRequest)
        $requests.Count | Should -Be 1
        (Get-EmulatorRequestBody -Request $requests[0]).model | Should -Be 'qwen-image-max'
    }

    It 'stops Connect-Bailian with Bailian.ConfigFileInvalid for the seed''s example as it stands (a placeholder key)' {
        Copy-Item -LiteralPath (Join-Path $script:Fixtures 'seed000-config-setup.json') -Destination (Join-Path $script:Folder 'config.json')

        $record = Get-ThrownError -ThrowingScript { Connect-Bailian -ConfigFile ./config.json }

        $record.FullyQualifiedErrorId | Should -BeLike 'Bailian.ConfigFileInvalid,*'
        $record.Exception.Message | Should -BeLike '*placeholder*'
        (Get-BailianConnection).DefaultModel | Should -Be 'qwen-image-plus'
    }
}
