# Every image is billed: a stop, an error or a lost answer between generating and saving must neither lose a
# generated image nor generate it twice. Driven through the cmdlets as a user runs them.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

Describe 'Billed images are kept, and never billed twice' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession

        function New-PromptCsv {
            param([string] $Path, [string[]] $Prompt)
            @($Prompt | ForEach-Object { [pscustomobject]@{ prompt = $_; size = '1328*1328' } }) |
                Export-Csv -LiteralPath $Path -NoTypeInformation -Encoding UTF8
        }

        # The prompts of the create calls the emulator answered, one per call.
        function Get-PostedPrompt {
            @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' -and $_.path -notlike '*/cancel' } |
                    ForEach-Object { Get-EmulatorRequestPrompt -Request $_ })
        }

        function Set-EmulatorLatency {
            param([int] $Milliseconds)
            $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri ('_emulator/latency?ms={0}' -f $Milliseconds)
        }
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    BeforeEach {
        Reset-BailianTestState
        Clear-EmulatorRequest
        Set-EmulatorLatency -Milliseconds 0
    }

    It 'with -ErrorAction Stop, saves what was already sent, and sends nothing after the error' {
        $connection = Get-BeijingConnection
        $csv = Join-Path $TestDrive 'stop.csv'
        @('prompt,n', 'stop row 1,1', 'stop row 2,1', 'stop row 3,1', 'stop row 4,abc', 'stop row 5,1', 'stop row 6,1', 'stop row 7,1') |
            Set-Content -LiteralPath $csv -Encoding UTF8
        $out = Join-Path $TestDrive 'stop-out'
        Set-EmulatorLatency -Milliseconds 400

        $thrown = $null
        try {
            Import-Csv -LiteralPath $csv | New-BailianImage @connection -ErrorAction Stop | Save-BailianImage -Path $out
        }
        catch {
            $thrown = $_
        }

        $thrown | Should -Not -BeNullOrEmpty
        $thrown.ToString() | Should -Match 'not a whole number'
        $sent = Get-PostedPrompt
        # Row 4 is refused before anything is sent: no row after it goes.
        $sent | Should -Not -Contain 'stop row 5'
        $sent | Should -Not -Contain 'stop row 6'
        $sent | Should -Not -Contain 'stop row 7'
        @($sent | Where-Object { $_ -in 'stop row 1', 'stop row 2', 'stop row 3' }).Count | Should -Be 3
        # Every image billed is on disk.
        @(Get-ChildItem -LiteralPath $out -Filter '*.png').Count | Should -Be $sent.Count
    }

    It 'with -ErrorAction Stop and rows of other models, a refused row stops the batch before a later row is sent (<Mode>)' -TestCases @(
        @{ Mode = 'as they complete'; InOrder = $false }
        @{ Mode = '-Ordered'; InOrder = $true }
    ) {
        $connection = Get-BeijingConnection
        $csv = Join-Path $TestDrive 'stop-models.csv'
        @('prompt,model', 'stop row 1,qwen-image-plus', ',qwen-image-plus', 'stop row 3,qwen-image-max', 'stop row 4,qwen-image') |
            Set-Content -LiteralPath $csv -Encoding UTF8
        $out = Join-Path $TestDrive "stop-models-$InOrder"
        Set-EmulatorLatency -Milliseconds 400

        $thrown = $null
        try {
            Import-Csv -LiteralPath $csv | New-BailianImage @connection -ThrottleLimit 1 -Ordered:$InOrder -ErrorAction Stop |
                Save-BailianImage -Path $out
        }
        catch {
            $thrown = $_
        }

        $thrown.FullyQualifiedErrorId | Should -BeLike 'Bailian.EmptyPrompt*'
        $thrown.ToString() | Should -BeLike 'Row 2: *'
        Get-PostedPrompt | Should -Be 'stop row 1'
        # The one image billed is on disk.
        @(Get-ChildItem -LiteralPath $out -Filter '*.png').Count | Should -Be 1
    }

    It 'with -ErrorAction Stop, warns once per row not sent, naming it once' {
        $connection = Get-BeijingConnection
        $csv = Join-Path $TestDrive 'not-sent.csv'
        @('prompt,n', 'not sent row 1,1', 'not sent row 2,1', ',1') | Set-Content -LiteralPath $csv -Encoding UTF8
        Set-EmulatorLatency -Milliseconds 400

        try {
            Import-Csv -LiteralPath $csv | New-BailianImage @connection -ThrottleLimit 1 -ErrorAction Stop -WarningVariable warned 3>$null | Out-Null
        }
        catch {
            $_.ToString() | Should -BeLike 'Row 3: *'
        }

        Get-PostedPrompt | Should -Be 'not sent row 1'
        @($warned | ForEach-Object { "$_" }) | Should -Be 'Row 2: Not sent: the batch stopped at an earlier error.'
    }

    It 'journals a stopped run, and a resume bills no row twice: it downloads what was generated and lists what may have been' {
        $connection = Get-BeijingConnection
        $csv = Join-Path $TestDrive 'resume.csv'
        New-PromptCsv -Path $csv -Prompt (1..10 | ForEach-Object { "resume row $_" })
        $out = Join-Path $TestDrive 'resume-out'
        Set-EmulatorLatency -Milliseconds 300

        # Stopped early: Select-Object takes two and stops the rest of the pipeline; the calls in flight end into the journal.
        $first = @(Import-Csv -LiteralPath $csv | New-BailianImage -ResumeFrom $out -ThrottleLimit 4 @connection 3>$null |
                Select-Object -First 2 | Save-BailianImage -Path $out -Metadata)
        $first.Count | Should -Be 2
        $afterFirst = Get-PostedPrompt
        Test-Path -LiteralPath (Join-Path $out 'bailian-journal.jsonl') | Should -BeTrue

        Set-EmulatorLatency -Milliseconds 0
        $rowErrors = $null
        $second = @(Import-Csv -LiteralPath $csv | New-BailianImage -ResumeFrom $out @connection -ErrorVariable rowErrors -ErrorAction SilentlyContinue |
                Save-BailianImage -Path $out -Metadata -ErrorAction Stop)

        # No prompt was sent twice over both runs.
        $all = Get-PostedPrompt
        @($all | Group-Object | Where-Object { $_.Count -gt 1 }).Count | Should -Be 0
        # Each row is saved, or listed as maybe billed (sent by the first run, answer lost in the stop).
        $unknown = @($rowErrors | Where-Object { $_.FullyQualifiedErrorId -like 'Bailian.OutcomeUnknown,*' })
        ($second.Count - 2 + $unknown.Count) | Should -Be 8
        foreach ($record in $unknown) { $record.ToString() | Should -Match 'ResendOutcomeUnknown' }
        @(Get-ChildItem -LiteralPath $out -Filter '*.png').Count | Should -Be (10 - $unknown.Count)

        # Only when asked are those sent again.
        $third = @(Import-Csv -LiteralPath $csv | New-BailianImage -ResumeFrom $out -ResendOutcomeUnknown @connection -ErrorAction Stop |
                Save-BailianImage -Path $out -Metadata -ErrorAction Stop)
        $third.Count | Should -Be 10
        @(Get-ChildItem -LiteralPath $out -Filter '*.png').Count | Should -Be 10
        (Get-PostedPrompt).Count | Should -Be ($all.Count + $unknown.Count)
        $afterFirst.Count | Should -BeGreaterThan 2
    }

    It 'collects on resume the tasks a stopped run submitted, instead of submitting them again' {
        $connection = Get-BeijingConnection
        $csv = Join-Path $TestDrive 'tasks.csv'
        @(1..3 | ForEach-Object { [pscustomobject]@{ prompt = "task row $_"; size = '1024*1024' } }) | Export-Csv -LiteralPath $csv -NoTypeInformation
        $out = Join-Path $TestDrive 'tasks-out'
        $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/tasks?pendingMs=1500&runningMs=500'
        try {
            # Stopped while the submitted tasks run: nothing comes out of the first run.
            $shell = [powershell]::Create()
            $null = $shell.AddScript('param($Manifest, $Csv, $Out, $Endpoint, $Key) Import-Module $Manifest; Import-Csv $Csv | New-BailianImage -Model wan2.2-t2i-flash -ResumeFrom $Out -Endpoint $Endpoint -ApiKey $Key').
                AddArgument($script:BailianManifestPath).AddArgument($csv).AddArgument($out).AddArgument($script:BeijingApi).AddArgument($script:BeijingKeyText)
            $async = $shell.BeginInvoke()
            # Stop once the three tasks are submitted (their ids journaled) and still running.
            $journal = Join-Path $out 'bailian-journal.jsonl'
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ([DateTime]::UtcNow -lt $deadline -and
                @(Get-Content -LiteralPath $journal -ErrorAction SilentlyContinue | Where-Object { $_ -match '"state":"Task"' }).Count -lt 3) {
                Start-Sleep -Milliseconds 50
            }
            $shell.Stop()
            $null = $async.AsyncWaitHandle.WaitOne(10000)
            $shell.Dispose()
            @(Get-PostedPrompt).Count | Should -Be 3

            $saved = @(Import-Csv -LiteralPath $csv | New-BailianImage -Model wan2.2-t2i-flash -ResumeFrom $out @connection -ErrorAction Stop |
                    Save-BailianImage -Path $out -Metadata -ErrorAction Stop)
            $saved.Count | Should -Be 3
            @(Get-PostedPrompt).Count | Should -Be 3
        }
        finally {
            $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/tasks?pendingMs=0&runningMs=0'
        }
    }

    # Ctrl+C is SIGINT to a console pwsh; Windows has no such signal to send from here.
    It 'names the submitted tasks that Ctrl+C leaves running' -Skip:([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT) {
        $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/tasks?pendingMs=5000&runningMs=500'
        try {
            $script = "Import-Module '{0}'; 'ctrl-c row 1', 'ctrl-c row 2' | New-BailianImage -Model wan2.2-t2i-flash -Size 1024*1024 -Endpoint '{1}' -ApiKey {2}" -f
                $script:BailianManifestPath, $script:BeijingApi, $script:BeijingKeyText
            # The same PowerShell as this one: pwsh itself, or dotnet running pwsh.dll (the repo's local tool).
            $start = New-Object System.Diagnostics.ProcessStartInfo -ArgumentList (Get-Process -Id $PID).Path
            if ([System.IO.Path]::GetFileNameWithoutExtension($start.FileName) -eq 'dotnet') { $start.ArgumentList.Add([System.Reflection.Assembly]::GetEntryAssembly().Location) }
            foreach ($argument in '-NoProfile', '-Command', $script) { $start.ArgumentList.Add($argument) }
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $child = [System.Diagnostics.Process]::Start($start)
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ([DateTime]::UtcNow -lt $deadline -and @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' -and $_.statusCode -eq 200 }).Count -lt 2) {
                Start-Sleep -Milliseconds 100
            }
            Start-Sleep -Milliseconds 500
            & kill -s INT $child.Id
            $child.WaitForExit(20000) | Should -BeTrue
            $printed = $child.StandardOutput.ReadToEnd() + $child.StandardError.ReadToEnd()

            $printed | Should -Match 'Stopped\. 2 submitted task\(s\) go on running'
            $printed | Should -Match "'[0-9a-f-]{36}', '[0-9a-f-]{36}' \| Get-BailianTask -Wait"
        }
        finally {
            $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/tasks?pendingMs=0&runningMs=0'
        }
    }

    It 'lists a row whose answer was lost (OutcomeUnknown), and sends it again only with -ResendOutcomeUnknown' {
        $connection = Get-BeijingConnection
        $out = Join-Path $TestDrive 'unknown-out'
        $null = Invoke-EmulatorControl -Method 'Post' -RelativeUri '_emulator/faults' -Body @{ scope = 'api'; kind = 'delay'; count = 1; delayMs = 3000 }
        $lost = Invoke-CapturingError { 'a lost fox' | New-BailianImage -ResumeFrom $out -TimeoutSec 1 @connection 3>$null }
        $lost.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.OutcomeUnknown,*'

        $whatIf = 'a lost fox' | New-BailianImage -ResumeFrom $out @connection -WhatIf 6>&1 | Out-String
        $whatIf | Should -Match '0 row\(s\) would be billed.*1 row\(s\) may have been billed already'
        $again = Invoke-CapturingError { 'a lost fox' | New-BailianImage -ResumeFrom $out @connection }
        $again.Error.FullyQualifiedErrorId | Should -BeLike 'Bailian.OutcomeUnknown,*'
        $again.Error.ToString() | Should -Match 'may have generated, and billed'
        @(Get-PostedPrompt).Count | Should -Be 1

        $resent = @('a lost fox' | New-BailianImage -ResumeFrom $out -ResendOutcomeUnknown @connection -ErrorAction Stop)
        $resent.Count | Should -Be 1
        @(Get-PostedPrompt).Count | Should -Be 2
    }
}
