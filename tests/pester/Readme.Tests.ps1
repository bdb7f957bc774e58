# Every PowerShell example of README.md, run as written against the emulator (project issue 8): each
# ```powershell block is one test, all in ONE PowerShell session and in README order, because the blocks
# build on each other ($tasks of one is piped by the next). A block passes when it throws nothing and
# writes no error record. A block that cannot run offline is marked in the README, on the line right
# before its fence, with <!-- not run by tests: why -->; it shows as skipped with that reason.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

BeforeAll {
    # THE SWAP, the only change made to the examples. The README says how to run them without a key: start
    # the emulator on port 8765 and connect to it. This run's emulator has a port of its own, so that
    # Connect-Bailian runs (with the real base) before the first block, and the README's base is replaced by
    # the real one wherever a block names it. Nothing else in a block is rewritten.
    $script:ReadmeEmulatorBase = 'http://127.0.0.1:8765/'
    $script:ReadmeConnect = 'Connect-Bailian -Endpoint http://127.0.0.1:8765/cn-beijing/api/v1 -ApiKey sk-emulator-beijing'
    function ConvertTo-EmulatorScript {
        param([string] $Text)
        return $Text.Replace($script:ReadmeEmulatorBase, $script:EmulatorBase)
    }
}

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'ReadmeHelpers.ps1')
    $readme = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../README.md'))
    $readmeBlocks = @(Get-MarkdownCodeBlock -Path $readme | Where-Object { $_.Language -eq 'powershell' } | ForEach-Object {
            @{
                Name   = '{0}: {1}' -f $_.Heading, (($_.Text -split "`n")[0].Trim() -replace '\s+', ' ')
                Text   = $_.Text
                Line   = $_.Line
                NotRun = $_.NotRun
            }
        })
    if ($readmeBlocks.Count -eq 0) { throw ('{0} has no ```powershell block: nothing to run.' -f $readme) }
}

Describe 'README.md examples' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        . (Join-Path $PSScriptRoot 'ReadmeHelpers.ps1')
        $script:Readme = Join-BailianRepoPath 'README.md'
        $readmeText = [System.IO.File]::ReadAllText($script:Readme, [System.Text.Encoding]::UTF8)
        if (-not $readmeText.Contains($script:ReadmeConnect)) {
            throw ("README.md no longer shows '{0}', the step this harness takes to run its examples against the emulator. Update the swap at the top of Readme.Tests.ps1." -f $script:ReadmeConnect)
        }
        if (-not (Test-Path -LiteralPath $script:BailianManifestPath -PathType Leaf)) {
            throw ("The Bailian module is not built: '{0}' does not exist. Run ./build.ps1 (or dotnet build Bailian.Pwsh.sln -c Release) first." -f $script:BailianManifestPath)
        }

        Save-BailianEnvironment
        $script:SavedModulePath = $env:PSModulePath
        Start-BailianEmulator
        # A safety net: an example that forgot to connect still reaches the emulator, never DashScope.
        Set-TestEnvironmentVariable -Name 'DASHSCOPE_HTTP_BASE_URL' -Value $script:BeijingApi

        # The folder the examples run in stands for the reader's: a clone with its build in out/Bailian (the
        # Install section imports ./out/Bailian/Bailian.psd1; a copy of the built module, whose DLLs PowerShell
        # shares with any copy already loaded, being the same assemblies) and the files the examples name,
        # made here. PSModulePath starts with its out folder, so 'Import-Module Bailian' finds it by name.
        $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-readme-' + [guid]::NewGuid().ToString('N'))
        $moduleCopy = Join-Path (Join-Path $script:Folder 'out') 'Bailian'
        $null = New-Item -ItemType Directory -Path $moduleCopy -Force
        Copy-Item -Path (Join-Path (Split-Path -Parent $script:BailianManifestPath) '*') -Destination $moduleCopy -Recurse
        $csv = [regex]::Match($readmeText, '(?ms)^```csv\r?\n(.*?)^```')
        if (-not $csv.Success) { throw 'README.md has no ```csv block to use as prompts.csv.' }
        New-ExampleFiles -Folder $script:Folder -PromptsCsv $csv.Groups[1].Value
        # prompts-excel.csv is the same file as Excel's plain "CSV" saves it on Chinese Windows: GB18030, no BOM.
        [System.IO.File]::WriteAllText((Join-Path $script:Folder 'prompts-excel.csv'), $csv.Groups[1].Value, [System.Text.Encoding]::GetEncoding('GB18030'))

        $script:Shell = New-ReadmeShell -Location $script:Folder
        $modulePath = (Join-Path $script:Folder 'out') + [System.IO.Path]::PathSeparator + $env:PSModulePath
        $setup = Invoke-ReadmeScript -Shell $script:Shell -Script ("`$env:PSModulePath = '{0}'`n{1}" -f $modulePath.Replace("'", "''"), (ConvertTo-EmulatorScript $script:ReadmeConnect))
        $problems = @(Format-ReadmeProblem -Run $setup)
        if ($problems.Count -gt 0) { throw ("Connecting the README session to the emulator failed:`n" + ($problems -join "`n")) }
    }

    AfterAll {
        if ($null -ne $script:Shell) {
            # Connect-Bailian's session is the README runspace's; disconnect anyway, as a reader would.
            $null = Invoke-ReadmeScript -Shell $script:Shell -Script 'if (Get-Module -Name Bailian) { Disconnect-Bailian -ErrorAction SilentlyContinue }' -TimeoutSec 30
            Remove-ReadmeShell -Shell $script:Shell
        }
        if ($null -ne $script:SavedModulePath) { $env:PSModulePath = $script:SavedModulePath }
        if (Get-Command -Name 'Stop-BailianEmulator' -ErrorAction SilentlyContinue) {
            Stop-BailianEmulator
            Restore-BailianEnvironment
        }
        # Best effort: on Windows the loaded DLLs of out/Bailian stay locked until this process exits.
        if ($script:Folder) { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It '<Name>' -ForEach $readmeBlocks {
        if ($NotRun) {
            Set-ItResult -Skipped -Because $NotRun
            return
        }

        $run = Invoke-ReadmeScript -Shell $script:Shell -Script (ConvertTo-EmulatorScript $Text)

        $problems = @(Format-ReadmeProblem -Run $run -FenceLine $Line)
        if ($problems.Count -gt 0) {
            throw ("The README block at line {0} failed ({1} problem(s)):`n{2}" -f $Line, $problems.Count, ($problems -join "`n"))
        }
    }
}
