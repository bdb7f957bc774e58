# Save-BailianImage: file names, target folders, never overwriting, and never leaving a partial file.

Describe 'Save-BailianImage' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession

        $connection = Get-BeijingConnection
        $script:Result = New-BailianImage -Prompt 'a small paper boat, ink drawing' -Size '1328*1328' -Seed 42 @connection -ErrorAction Stop
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    BeforeEach {
        Reset-BailianTestState
    }

    It 'has a result to save' {
        @($script:Result).Count | Should -Be 1
        $script:Result.Url | Should -Not -BeNullOrEmpty
    }

    It 'names the file {time}_{name}_{index}_{id} from CreatedAt, the first words of the prompt and the image' {
        $dir = Join-Path $TestDrive 'default-name'
        $files = @($script:Result | Save-BailianImage -Path $dir -ErrorAction Stop)
        $files.Count | Should -Be 1
        $files[0].Name | Should -Match '^\d{8}_\d{6}_a_small_paper_boat_0_[0-9a-f]{8}\.png$'
        $time = $script:Result.CreatedAt.ToLocalTime().ToString('yyyyMMdd_HHmmss', [System.Globalization.CultureInfo]::InvariantCulture)
        $files[0].Name | Should -BeLike ($time + '_*')
        Get-FileHeadHex -Path $files[0].FullName | Should -Be $script:PngSignatureHex
        Get-FileTailHex -Path $files[0].FullName | Should -Be $script:PngTrailerHex
        $files[0].Url | Should -Be $script:Result.Url
        $files[0].Prompt | Should -Be $script:Result.Prompt
        $files[0].Model | Should -Be 'qwen-image-plus'
    }

    # Issue 9: {time} has one-second resolution; rows finishing in one second, rows sharing a name and two
    # runs within a second gave one file and Bailian.FileExists for the rest.
    It 'gives every image a file of its own by default: same second, same name, and a second run into the same folder' {
        $connection = Get-BeijingConnection
        $sameSecond = [DateTimeOffset]::new(2026, 1, 15, 14, 30, 22, [TimeSpan]::Zero)
        $makeCats = {
            foreach ($i in 1..3) {
                $result = New-BailianImage -Prompt "一只橘猫 $i" -Size '1328*1328' @connection -ErrorAction Stop
                $result.Name = 'cat'
                $result.CreatedAt = $sameSecond
                $result
            }
        }
        $dir = Join-Path $TestDrive 'same-second'

        $first = Invoke-CapturingError { & $makeCats | Save-BailianImage -Path $dir }
        $second = Invoke-CapturingError { & $makeCats | Save-BailianImage -Path $dir }

        $first.Error | Should -BeNullOrEmpty
        $second.Error | Should -BeNullOrEmpty
        @($first.Output).Count + @($second.Output).Count | Should -Be 6
        $names = @(Get-ChildItem -LiteralPath $dir -Force | ForEach-Object Name)
        $names.Count | Should -Be 6
        foreach ($name in $names) { $name | Should -Match '^\d{8}_\d{6}_cat_0_[0-9a-f]{8}\.png$' }
    }

    It 'saves the first of two images a -FileName gives one name and reports the second as Bailian.FileNameCollision, even with -Force' {
        $connection = Get-BeijingConnection
        $results = @(foreach ($i in 1..2) {
                $result = New-BailianImage -Prompt "一只橘猫 $i" -Size '1328*1328' @connection -ErrorAction Stop
                $result.Name = 'cat'
                $result
            })
        foreach ($force in $false, $true) {
            $dir = Join-Path $TestDrive "collision-$force"

            $outcome = Invoke-CapturingError { $results | Save-BailianImage -Path $dir -FileName '{name}' -Force:$force }

            @($outcome.Output).Count | Should -Be 1
            $outcome.Output[0].Url | Should -Be $results[0].Url
            $outcome.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.FileNameCollision*'
            $outcome.Error.ErrorDetails.Message | Should -BeLike 'Row 2:*Row 1*'
            $outcome.Error.TargetObject.Url | Should -Be $results[1].Url
            @(Get-ChildItem -LiteralPath $dir -Force | ForEach-Object Name) | Should -Be @('cat.png')
        }
    }

    It 'expands the -FileName tokens and adds the extension the bytes call for' {
        $dir = Join-Path $TestDrive 'tokens'
        $files = @($script:Result | Save-BailianImage -Path $dir -FileName '{model}_{size}_{seed}_{index}' -ErrorAction Stop)
        $files.Count | Should -Be 1
        # '*' is not allowed in Windows file names, so the size's separator is replaced: hence the '?'.
        $files[0].Name | Should -BeLike 'qwen-image-plus_1328?1328_42_0.png'
    }

    It 'never overwrites: a second save is Bailian.FileExists and leaves the file alone; -Force replaces it' {
        $dir = Join-Path $TestDrive 'no-clobber'
        $first = @($script:Result | Save-BailianImage -Path $dir -FileName 'fixed' -ErrorAction Stop)
        $first.Count | Should -Be 1
        $first[0].Name | Should -Be 'fixed.png'
        $path = $first[0].FullName
        # A sentinel shows whether anything touched the file.
        [System.IO.File]::WriteAllText($path, 'sentinel')

        $err = $null
        $second = @($script:Result | Save-BailianImage -Path $dir -FileName 'fixed' -ErrorAction SilentlyContinue -ErrorVariable err)
        $second.Count | Should -Be 0
        @($err).Count | Should -BeGreaterThan 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Bailian.FileExists*'
        [System.IO.File]::ReadAllText($path) | Should -Be 'sentinel'
        @(Get-ChildItem -LiteralPath $dir -Force).Count | Should -Be 1

        $third = @($script:Result | Save-BailianImage -Path $dir -FileName 'fixed' -Force -ErrorAction Stop)
        $third.Count | Should -Be 1
        $third[0].FullName | Should -Be $path
        Get-FileHeadHex -Path $path | Should -Be $script:PngSignatureHex
        @(Get-ChildItem -LiteralPath $dir -Force).Count | Should -Be 1
    }

    # Issue 9: `-Path ./afile.txt` billed every row, then failed each with Bailian.MetadataFailed. The folder is
    # checked in BeginProcessing, and PowerShell runs every command's BeginProcessing before the first
    # upstream ProcessRecord: so New-BailianImage has sent nothing when Save-BailianImage stops.
    It 'stops before anything upstream is sent when -Path is a file' {
        $connection = Get-BeijingConnection
        $file = Join-Path $TestDrive 'afile.txt'
        Set-Content -LiteralPath $file -Value 'mine'
        $csv = Join-Path $PSScriptRoot 'three-prompts.csv'

        $thrown = Get-ThrownError { Import-Csv -LiteralPath $csv | New-BailianImage @connection | Save-BailianImage -Path $file }

        $thrown | Should -Not -BeNullOrEmpty
        $thrown.FullyQualifiedErrorId | Should -BeLike 'Bailian.PathNotFolder*'
        $thrown.Exception.Message | Should -BeLike "*'$file' is a file, not a folder*"
        @(Get-EmulatorRequest).Count | Should -Be 0
        Get-Content -LiteralPath $file | Should -Be 'mine'
    }

    # A path of another provider used to lose its drive: -Path Alias:\zz saved into ./zz under the process's working folder.
    It 'refuses a path of another provider before anything is sent: <Where>' -TestCases @(
        @{ Where = 'Save-BailianImage -Path'; Command = { New-BailianImage 'a cat' @connection | Save-BailianImage -Path 'Alias:\bailian-zz' }; Id = 'Bailian.PathNotFolder' }
        @{ Where = 'New-BailianImage -ResumeFrom'; Command = { New-BailianImage 'a cat' -ResumeFrom 'Function:\bailian-zz' @connection }; Id = 'Bailian.PathNotFolder' }
        @{ Where = 'Edit-BailianImage -Image'; Command = { Edit-BailianImage -Image 'Env:\bailian-zz' -Prompt 'x' @connection }; Id = 'Bailian.ImageNotFound' }
        @{ Where = 'Connect-Bailian -ConfigFile'; Command = { Connect-Bailian -ConfigFile 'Variable:\bailian-zz' }; Id = 'Bailian.ConfigFileInvalid' }
    ) {
        $connection = Get-BeijingConnection
        Push-Location -LiteralPath $TestDrive
        try {
            $outcome = Invoke-CapturingError $Command
        }
        finally {
            Pop-Location
        }

        $record = $outcome.Error
        $record.FullyQualifiedErrorId | Should -BeLike "$Id*"
        $record.Exception.Message | Should -Match "is a path of the \w+ provider, not of the file system"
        @(Get-EmulatorRequest).Count | Should -Be 0
        Test-Path -LiteralPath (Join-Path $TestDrive 'bailian-zz') | Should -BeFalse
        Test-Path -LiteralPath (Join-Path ([System.IO.Directory]::GetCurrentDirectory()) 'bailian-zz') | Should -BeFalse
    }

    It 'stops before anything upstream is sent when the folder cannot be written' -Skip:(-not $IsLinux) {
        # sysfs refuses new files even to root, where a read-only permission would not stop the test.
        $connection = Get-BeijingConnection

        $thrown = Get-ThrownError { New-BailianImage -Prompt 'a red fox' @connection | Save-BailianImage -Path '/sys/kernel/bailian-out' }

        $thrown.FullyQualifiedErrorId | Should -BeLike 'Bailian.PathNotWritable*'
        $thrown.Exception.Message | Should -BeLike "*'/sys/kernel'*"
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    # Issue 9: with -Metadata, an image whose sidecar failed stayed without it, and -ResumeFrom (which finds
    # rows by their sidecars) billed the row again. Now both are saved, or neither.
    It '-Metadata saves the image and its sidecar together or neither' {
        $dir = Join-Path $TestDrive 'sidecar-blocked'
        $null = New-Item -ItemType Directory -Path (Join-Path $dir 'fixed.png.json')

        $outcome = Invoke-CapturingError { $script:Result | Save-BailianImage -Path $dir -FileName 'fixed' -Metadata }

        @($outcome.Output).Count | Should -Be 0
        $outcome.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.FileExists*'
        $outcome.Error.Exception.Message | Should -BeLike '*fixed.png.json*'
        Test-Path -LiteralPath (Join-Path $dir 'fixed.png') | Should -BeFalse

        $saved = @($script:Result | Save-BailianImage -Path $dir -FileName 'other' -Metadata -ErrorAction Stop)
        $saved.Count | Should -Be 1
        Test-Path -LiteralPath ($saved[0].FullName + '.json') -PathType Leaf | Should -BeTrue
    }

    It '-Metadata replaces a sidecar whose image is gone, and keeps refusing one beside its image' {
        $dir = Join-Path $TestDrive 'orphan-sidecar'
        $first = @($script:Result | Save-BailianImage -Path $dir -Metadata -ErrorAction Stop)
        Remove-Item -LiteralPath $first[0].FullName
        Set-Content -LiteralPath ($first[0].FullName + '.json') -Value '{"left":"over"}'

        $again = @($script:Result | Save-BailianImage -Path $dir -Metadata -ErrorAction Stop)

        $again[0].FullName | Should -Be $first[0].FullName
        Get-FileHeadHex -Path $again[0].FullName | Should -Be $script:PngSignatureHex
        (Get-Content -LiteralPath ($again[0].FullName + '.json') -Raw | ConvertFrom-Json).url | Should -Be $script:Result.Url
        $twice = Invoke-CapturingError { $script:Result | Save-BailianImage -Path $dir -Metadata }
        $twice.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.FileExists*'
    }

    It 'saves into the current location by default' {
        $cwd = Join-Path $TestDrive 'cwd'
        $null = New-Item -ItemType Directory -Path $cwd
        Push-Location -LiteralPath $cwd
        try {
            $files = @($script:Result | Save-BailianImage -FileName 'here' -ErrorAction Stop)
        }
        finally {
            Pop-Location
        }
        $files.Count | Should -Be 1
        Test-Path -LiteralPath (Join-Path $cwd 'here.png') -PathType Leaf | Should -BeTrue
    }

    It 'resolves a relative -Path against the current location and creates the folder' {
        Push-Location -LiteralPath $TestDrive
        try {
            $files = @($script:Result | Save-BailianImage -Path 'relative-out' -FileName 'relative' -ErrorAction Stop)
        }
        finally {
            Pop-Location
        }
        $files.Count | Should -Be 1
        Test-Path -LiteralPath (Join-Path (Join-Path $TestDrive 'relative-out') 'relative.png') -PathType Leaf | Should -BeTrue
    }

    It 'takes the folder literally, by -Path or by -LiteralPath' {
        $files = @($script:Result | Save-BailianImage -LiteralPath (Join-Path $TestDrive 'lit[a]') -FileName 'literal' -ErrorAction Stop)

        $files[0].DirectoryName | Should -Be (Join-Path $TestDrive 'lit[a]')
        Test-Path -LiteralPath (Join-Path (Join-Path $TestDrive 'lit[a]') 'literal.png') -PathType Leaf | Should -BeTrue
    }

    It 'resolves a -Path on a PowerShell drive' {
        $files = @($script:Result | Save-BailianImage -Path 'TestDrive:/drive-out' -FileName 'drive' -ErrorAction Stop)
        $files.Count | Should -Be 1
        Test-Path -LiteralPath (Join-Path (Join-Path $TestDrive 'drive-out') 'drive.png') -PathType Leaf | Should -BeTrue
    }

    It 'saves from -Url and from any object with a Url property' {
        $dir = Join-Path $TestDrive 'by-url'
        $fromParameter = @(Save-BailianImage -Url $script:Result.Url -Path $dir -ErrorAction Stop)
        $fromParameter.Count | Should -Be 1
        $fromParameter[0].Extension | Should -Be '.png'
        Get-FileHeadHex -Path $fromParameter[0].FullName | Should -Be $script:PngSignatureHex

        $fromObject = @([pscustomobject]@{ Url = $script:Result.Url } | Save-BailianImage -Path $dir -FileName 'from-object' -ErrorAction Stop)
        $fromObject.Count | Should -Be 1
        $fromObject[0].Name | Should -Be 'from-object.png'
        Get-FileHeadHex -Path $fromObject[0].FullName | Should -Be $script:PngSignatureHex
    }

    It 'leaves no file at all when a download is cut off and not retried' {
        Add-EmulatorFault -Scope 'download' -Kind 'dropMidStream' -Count 1 -AfterBytes 100
        $dir = Join-Path $TestDrive 'cut-off'

        $outcome = Invoke-CapturingError { $script:Result | Save-BailianImage -Path $dir -FileName 'cut' -MaxRetryCount 0 }

        $outcome.Output.Count | Should -Be 0
        $outcome.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.DownloadFailed*'
        @(Get-ChildItem -LiteralPath $dir -Force -ErrorAction SilentlyContinue).Count | Should -Be 0

        # The message says how to have the (billed) image after all, and that way works.
        $outcome.Error.Exception.Message | Should -Match "pipe this error's TargetObject to Save-BailianImage"
        $again = @($outcome.Error.TargetObject | Save-BailianImage -Path $dir -FileName 'cut' -ErrorAction Stop)
        Get-FileHeadHex -Path $again[0].FullName | Should -Be $script:PngSignatureHex
    }

    It 'retries a cut-off download and saves one complete image' {
        Add-EmulatorFault -Scope 'download' -Kind 'dropMidStream' -Count 1 -AfterBytes 100
        $dir = Join-Path $TestDrive 'cut-off-retried'

        $files = @($script:Result | Save-BailianImage -Path $dir -FileName 'cut' -ErrorAction Stop)

        $files.Count | Should -Be 1
        @(Get-ChildItem -LiteralPath $dir -Force).Count | Should -Be 1
        Get-FileHeadHex -Path $files[0].FullName | Should -Be $script:PngSignatureHex
        Get-FileTailHex -Path $files[0].FullName | Should -Be $script:PngTrailerHex
    }
}
