# Edit-BailianImage the ways users feed it: files from Get-ChildItem, results of New-BailianImage, and
# CSV rows naming their images. Input pictures are made by the emulator itself (New | Save), so the
# suite needs no image files of its own.

Describe 'Edit-BailianImage' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession
        $connection = Get-BeijingConnection
        $script:Photos = Join-Path $TestDrive 'photos'
        $null = 'a small harbor', 'a mountain hut' | New-BailianImage -Size '1328*1328' @connection -ErrorAction Stop |
            Save-BailianImage -Path $script:Photos -FileName '{prompt}' -ErrorAction Stop
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    BeforeEach {
        Reset-BailianTestState
    }

    It 'Get-ChildItem | Edit-BailianImage | Save-BailianImage edits each file inline and names the output after it' {
        $connection = Get-BeijingConnection
        $out = Join-Path $TestDrive 'edited'
        $files = @(Get-ChildItem -LiteralPath $script:Photos -Filter '*.png' |
                Edit-BailianImage -Prompt 'replace the background with a starry sky' @connection -ErrorAction Stop |
                Save-BailianImage -Path $out -ErrorAction Stop)

        $files.Count | Should -Be 2
        (@($files | ForEach-Object { $_.Name -replace '^\d{8}_\d{6}_', '' -replace '_[0-9a-f]{8}(?=\.png$)', '' } | Sort-Object) -join ',') | Should -Be 'a_mountain_hut_0.png,a_small_harbor_0.png'
        foreach ($file in $files) { Get-FileHeadHex -Path $file.FullName | Should -Be $script:PngSignatureHex }
        $edits = @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' })
        $edits.Count | Should -Be 2
        foreach ($edit in $edits) {
            $body = Get-EmulatorRequestBody -Request $edit
            $body.model | Should -Be 'qwen-image-edit-plus'
            $body.input.messages[0].content[0].image | Should -BeLike 'data:image/png;base64,*'
            $body.input.messages[0].content[1].text | Should -Be 'replace the background with a starry sky'
        }
    }

    It 'names the edit of a file saved under the default template after its picture, not after its time, index and id again' {
        $connection = Get-BeijingConnection
        $first = Join-Path $TestDrive 'first-save'
        $null = [pscustomobject]@{ prompt = 'a lighthouse'; name = 'lighthouse' } | New-BailianImage @connection -ErrorAction Stop |
            Save-BailianImage -Path $first -ErrorAction Stop
        $edited = Get-ChildItem -LiteralPath $first -Filter '*.png' | Edit-BailianImage -Prompt 'at night' @connection -ErrorAction Stop |
            Save-BailianImage -Path (Join-Path $TestDrive 'second-save') -ErrorAction Stop

        $edited.Name | Should -Match '^\d{8}_\d{6}_lighthouse_0_[0-9a-f]{8}\.png$'
    }

    # Issue 9: an input URL past its signature's Expires (our own results after 24 hours) was sent, and came
    # back as a vague 400.
    It 'refuses an input URL whose signature expired, naming when, and sends nothing' {
        $connection = Get-BeijingConnection
        $fresh = New-BailianImage 'a cat' @connection -ErrorAction Stop
        Clear-EmulatorRequest
        $expired = $fresh.Url -replace 'Expires=\d+', 'Expires=1700000000'

        $outcome = Invoke-CapturingError { Edit-BailianImage -Image $expired -Prompt 'make it a watercolor' @connection }

        $outcome.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.ImageUrlExpired*'
        $at = [DateTimeOffset]::FromUnixTimeSeconds(1700000000).ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture)
        $outcome.Error.Exception.Message | Should -BeLike "*expired at $at*"
        @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' }).Count | Should -Be 0
    }

    It 'New-BailianImage | Edit-BailianImage keeps the edit model and sends the result URL' {
        $connection = Get-BeijingConnection
        $results = @(New-BailianImage 'a cat' @connection -ErrorAction Stop |
                Edit-BailianImage -Prompt 'make it a watercolor' @connection -ErrorAction Stop)

        $results.Count | Should -Be 1
        $results[0].Model | Should -Be 'qwen-image-edit-plus'
        $results[0].Prompt | Should -Be 'make it a watercolor'
        @($results[0].SourceImages)[0] | Should -BeLike ($script:EmulatorBase + 'results/*')
        $edit = @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' })[1]
        (Get-EmulatorRequestBody -Request $edit).input.messages[0].content[0].image | Should -BeLike ($script:EmulatorBase + 'results/*')
    }

    It 'reads several images from a CSV image column, separated by semicolons' {
        $images = @(Get-ChildItem -LiteralPath $script:Photos -Filter '*.png' | ForEach-Object { $_.FullName })
        $csv = Join-Path $TestDrive 'fusion.csv'
        @([pscustomobject]@{ prompt = 'the hut from image 2 in the harbor from image 1'; image = ($images -join ';'); name = 'fusion' }) |
            Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding UTF8
        $connection = Get-BeijingConnection

        $results = @(Import-Csv -LiteralPath $csv | Edit-BailianImage @connection -ErrorAction Stop)

        $results.Count | Should -Be 1
        $results[0].Name | Should -Be 'fusion'
        @($results[0].SourceImages).Count | Should -Be 2
        $content = (Get-EmulatorRequestBody -Request @(Get-EmulatorRequest)[0]).input.messages[0].content
        @($content).Count | Should -Be 3
    }

    It 'sends local files through temporary storage with -Upload' {
        $connection = Get-BeijingConnection
        $file = @(Get-ChildItem -LiteralPath $script:Photos -Filter '*.png')[0]
        $results = @(Edit-BailianImage -Prompt 'add snow' -Image $file.FullName -Upload @connection -ErrorAction Stop)

        $results.Count | Should -Be 1
        @(Get-EmulatorRequest -Kind 'upload').Count | Should -Be 1
        $create = @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' })[0]
        $create.headers.'X-DashScope-OssResourceResolve' | Should -Be 'enable'
        (Get-EmulatorRequestBody -Request $create).input.messages[0].content[0].image | Should -BeLike 'oss://*'
    }

    It 'names a missing file and sends nothing' {
        $connection = Get-BeijingConnection
        $missing = Join-Path $TestDrive 'no-such-photo.jpg'
        $err = $null
        $results = @(Edit-BailianImage -Prompt 'p' -Image $missing @connection -ErrorAction SilentlyContinue -ErrorVariable err)

        $results.Count | Should -Be 0
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Bailian.ImageNotFound*'
        $err[0].ToString() | Should -Match ([regex]::Escape('no-such-photo.jpg'))
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    It 'refuses an option of another model before sending' {
        $connection = Get-BeijingConnection
        $file = @(Get-ChildItem -LiteralPath $script:Photos -Filter '*.png')[0]
        $err = $null
        $null = Edit-BailianImage -Prompt 'p' -Image $file.FullName -Strength 0.5 @connection -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Bailian.ParameterNotApplicable*'
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    It '-WhatIf sends nothing' {
        $connection = Get-BeijingConnection
        $results = @(Get-ChildItem -LiteralPath $script:Photos -Filter '*.png' | Edit-BailianImage -Prompt 'p' @connection -WhatIf)
        $results.Count | Should -Be 0
        @(Get-EmulatorRequest).Count | Should -Be 0
    }
}
