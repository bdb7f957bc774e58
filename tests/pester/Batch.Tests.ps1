# CSV batches: several rows in flight, every row one outcome, metadata sidecars, and resuming a run
# without paying again for what was saved.

Describe 'CSV batches' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession
        $script:Csv = Join-Path $TestDrive 'batch.csv'
        $rows = 1..12 | ForEach-Object { [pscustomobject]@{ prompt = "batch row $_"; name = "row$_"; project = 'p' + ($_ % 3) } }
        $rows | Export-Csv -LiteralPath $script:Csv -NoTypeInformation -Encoding UTF8
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    BeforeEach {
        Reset-BailianTestState
        $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/latency?ms=200'
    }

    AfterEach {
        $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/latency?ms=0'
    }

    It 'runs rows concurrently, one result per row, in input order with -Ordered' {
        $connection = Get-BeijingConnection
        $results = @(Import-Csv -LiteralPath $script:Csv | New-BailianImage -ThrottleLimit 6 -Ordered @connection -ErrorAction Stop)

        $results.Count | Should -Be 12
        ($results | ForEach-Object { $_.Name }) -join ',' | Should -Be ((1..12 | ForEach-Object { "row$_" }) -join ',')
        $results[0].project | Should -Be 'p1'
        $posts = @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' } | ForEach-Object { [datetimeoffset]$_.receivedAt } | Sort-Object)
        # 12 rows of 200 ms at 6 at a time: they overlap, so all were sent within well under 12 x 200 ms.
        ($posts[-1] - $posts[0]).TotalMilliseconds | Should -BeLessThan 1500
    }

    It 'gives a bad row its error with the row number and goes on' {
        $connection = Get-BeijingConnection
        $rows = @(Import-Csv -LiteralPath $script:Csv)
        $rows[2].prompt = 'x' * 801
        $rows[6] | Add-Member -NotePropertyName size -NotePropertyValue '5*5' -Force
        $err = $null
        $results = @($rows | New-BailianImage -ThrottleLimit 4 @connection -ErrorAction SilentlyContinue -ErrorVariable err)

        $results.Count | Should -Be 10
        @($err).Count | Should -Be 2
        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'Bailian.PromptTooLong*' })[0].ToString() | Should -Match '^Row 3: '
        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'Bailian.InvalidSize*' })[0].ToString() | Should -Match '^Row 7: '
        @($err | Where-Object { $_.FullyQualifiedErrorId -like 'Bailian.InvalidSize*' })[0].TargetObject.name | Should -Be 'row7'
    }

    It 'writes sidecars with -Metadata and re-bills nothing on a resumed run' {
        $connection = Get-BeijingConnection
        $out = Join-Path $TestDrive 'resume'
        $first = @(Import-Csv -LiteralPath $script:Csv | Select-Object -First 5 | New-BailianImage @connection -ErrorAction Stop |
                Save-BailianImage -Path $out -Metadata -ErrorAction Stop)
        $first.Count | Should -Be 5
        @(Get-ChildItem -LiteralPath $out -Filter '*.png.json').Count | Should -Be 5
        $sidecar = Get-Content -LiteralPath (Get-ChildItem -LiteralPath $out -Filter '*.png.json')[0].FullName -Raw | ConvertFrom-Json
        $sidecar.row_key | Should -Match '^[0-9a-f]{32}$'
        $sidecar.prompt | Should -BeLike 'batch row *'
        $sidecar.columns.project | Should -Not -BeNullOrEmpty

        Clear-EmulatorRequest
        Import-Csv -LiteralPath $script:Csv | New-BailianImage -ResumeFrom $out @connection -WhatIf 6>&1 | Out-String | Should -Match '7 row\(s\) would be billed.*5 row\(s\) are already saved'
        @(Get-EmulatorRequest).Count | Should -Be 0

        $second = @(Import-Csv -LiteralPath $script:Csv | New-BailianImage -ResumeFrom $out @connection -ErrorAction Stop |
                Save-BailianImage -Path $out -Metadata -ErrorAction Stop)
        $second.Count | Should -Be 12
        @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' }).Count | Should -Be 7
        @(Get-ChildItem -LiteralPath $out -Filter '*.png').Count | Should -Be 12
    }

    It 'saves several downloads at once' {
        $connection = Get-BeijingConnection
        $out = Join-Path $TestDrive 'parallel-save'
        # New-BailianImage writes results as they complete; -Ordered on Save keeps the order it received them in.
        $results = @(Import-Csv -LiteralPath $script:Csv | New-BailianImage -ThrottleLimit 6 @connection -ErrorAction Stop)
        $files = @($results | Save-BailianImage -Path $out -ThrottleLimit 6 -Ordered -ErrorAction Stop)
        $files.Count | Should -Be 12
        ($files | ForEach-Object { $_.Url }) -join ',' | Should -Be (($results | ForEach-Object { $_.Url }) -join ',')
    }

    It 'warns of a -ResumeFrom folder that does not exist, or holds nothing to resume' {
        $connection = Get-BeijingConnection
        Clear-EmulatorRequest
        $missing = Join-Path $TestDrive 'no-such-folder'
        $warnings = @('a fox' | New-BailianImage -ResumeFrom $missing @connection -WhatIf 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match 'no-such-folder does not exist: there is nothing to resume'
        Test-Path -LiteralPath $missing | Should -BeFalse   # -WhatIf writes nothing, not even the journal's folder

        $empty = Join-Path $TestDrive 'nothing-to-resume'
        $null = New-Item -ItemType Directory -Path $empty
        $warnings = @('a fox' | New-BailianImage -ResumeFrom $empty @connection -WhatIf 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match 'Nothing in .*nothing-to-resume can be resumed'
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    It 'reports with -WhatIf what the real run would refuse: region, workspace, endpoint, model not in region' {
        Clear-EmulatorRequest
        $key = New-TestSecureString -Text $script:BeijingKeyText
        (Get-ThrownError -ThrowingScript { New-BailianImage 'a fox' -Region Mars -ApiKey $key -WhatIf }).FullyQualifiedErrorId | Should -BeLike 'Bailian.*Region*'
        (Get-ThrownError -ThrowingScript { New-BailianImage 'a fox' -Region eu-central-1 -ApiKey $key -WhatIf }).FullyQualifiedErrorId | Should -BeLike 'Bailian.WorkspaceRequired,*'
        (Get-ThrownError -ThrowingScript { New-BailianImage 'a fox' -Endpoint 'http://bailian.invalid/api/v1' -ApiKey $key -WhatIf }) | Should -Not -BeNullOrEmpty

        $outcome = Invoke-CapturingError { New-BailianImage 'a fox' -Model qwen-image-plus -Region us-east-1 -ApiKey $key -WhatIf 6>&1 }
        $outcome.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.ModelNotInRegion,*'
        ($outcome.Output | Out-String) | Should -Not -Match 'would be billed'
        @(Get-EmulatorRequest).Count | Should -Be 0
    }
}
