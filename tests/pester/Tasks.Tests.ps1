# Asynchronous tasks the way users drive them: submit now, collect later, cancel what has not started.
# The emulator runs tasks in real time here (1 s pending, 3 s running by default), so these take seconds.

Describe 'Asynchronous tasks' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    BeforeEach {
        Reset-BailianTestState
        $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/tasks?pendingMs=1000&runningMs=2000&concurrency=4'
    }

    It 'New-BailianImage -Async | Get-BailianTask -Wait | Save-BailianImage saves every image' {
        $connection = Get-BeijingConnection
        $out = Join-Path $TestDrive 'async'

        $tasks = @('a red fox', 'a snowy owl' | New-BailianImage -Model 'wan2.2-t2i-flash' -Async @connection -ErrorAction Stop)
        $tasks.Count | Should -Be 2
        foreach ($task in $tasks) {
            $task.PSObject.TypeNames | Should -Contain 'Bailian.ImageTask'
            $task.TaskId | Should -Not -BeNullOrEmpty
            $task.StatusText | Should -Be 'PENDING'
        }

        $files = @($tasks | Get-BailianTask -Wait -ApiKey $connection.ApiKey -ErrorAction Stop | Save-BailianImage -Path $out -ErrorAction Stop)

        $files.Count | Should -Be 2
        foreach ($file in $files) {
            Get-FileHeadHex -Path $file.FullName | Should -Be $script:PngSignatureHex
            $file.Model | Should -Be 'wan2.2-t2i-flash'
        }
        (@($files | ForEach-Object { $_.Prompt } | Sort-Object) -join ',') | Should -Be 'a red fox,a snowy owl'
        $creates = @(Get-EmulatorRequest | Where-Object { $_.method -eq 'POST' })
        $creates.Count | Should -Be 2
        foreach ($create in $creates) {
            (Get-EmulatorRequestBody -Request $create).parameters.n | Should -Be 1
        }
    }

    It 'waits inside New-BailianImage for a model served only as tasks' {
        $connection = Get-BeijingConnection
        $results = @(New-BailianImage 'a lighthouse' -Model 'wan2.2-t2i-flash' @connection -ErrorAction Stop)
        $results.Count | Should -Be 1
        $results[0].PSObject.TypeNames | Should -Contain 'Bailian.ImageResult'
        $results[0].TaskId | Should -Not -BeNullOrEmpty
    }

    It 'Save-BailianImage waits for a task that is still running' {
        $connection = Get-BeijingConnection
        $null = Connect-Bailian -ApiKey $connection.ApiKey -Endpoint $connection.Endpoint
        $task = New-BailianImage 'a quiet harbor' -Model 'wan2.2-t2i-flash' -Async -ErrorAction Stop
        $files = @($task | Save-BailianImage -Path (Join-Path $TestDrive 'save-waits') -ErrorAction Stop)
        $files.Count | Should -Be 1
        Get-FileHeadHex -Path $files[0].FullName | Should -Be $script:PngSignatureHex
    }

    It 'Get-BailianTask without -Wait reports the current state' {
        $connection = Get-BeijingConnection
        $task = New-BailianImage 'a paper boat' -Model 'wan2.2-t2i-flash' -Async @connection -ErrorAction Stop
        $now = Get-BailianTask -TaskId $task.TaskId @connection -ErrorAction Stop
        $now.TaskId | Should -Be $task.TaskId
        $now.StatusText | Should -BeIn @('PENDING', 'RUNNING')
    }

    It 'Stop-BailianTask cancels a pending task, and explains why a finished one cannot be' {
        $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/tasks?pendingMs=600000'
        $connection = Get-BeijingConnection
        $task = New-BailianImage 'a slow sunrise' -Model 'wan2.2-t2i-flash' -Async @connection -ErrorAction Stop

        $task | Stop-BailianTask -ApiKey $connection.ApiKey -Confirm:$false -ErrorAction Stop
        (Get-BailianTask -TaskId $task.TaskId @connection).StatusText | Should -Be 'CANCELED'

        $err = $null
        $task | Stop-BailianTask -ApiKey $connection.ApiKey -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Bailian.CannotCancel*'
        $err[0].ToString() | Should -Match 'CANCELED'

        Stop-BailianTask -TaskId 'no-such-task' @connection -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Bailian.TaskUnknown*'
        $err[0].ToString() | Should -Match 'does not exist in this region'
    }

    It 'Stop-BailianTask -WhatIf sends nothing' {
        $connection = Get-BeijingConnection
        Stop-BailianTask -TaskId ([guid]::NewGuid().ToString()) @connection -WhatIf
        @(Get-EmulatorRequest).Count | Should -Be 0
    }

    It 'a failed task is a non-terminating error with the task as target' {
        $null = Invoke-EmulatorControl -Method 'Post' -RelativeUri '_emulator/task-outcomes' -Body @{ kind = 'failed'; count = 1; code = 'InvalidParameter'; message = 'bad size' }
        $connection = Get-BeijingConnection
        $task = New-BailianImage 'a doomed painting' -Model 'wan2.2-t2i-flash' -Async @connection -ErrorAction Stop
        $err = $null
        $done = @($task | Get-BailianTask -Wait @connection -ErrorAction SilentlyContinue -ErrorVariable err)
        $done.Count | Should -Be 0
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Bailian.TaskFailed*'
        $err[0].TargetObject.TaskId | Should -Be $task.TaskId
        $err[0].ToString() | Should -Match 'bad size'
    }

    It 'lists the tasks just made, newest first' {
        $connection = Get-BeijingConnection
        $made = @('one', 'two' | New-BailianImage -Model 'wan2.2-t2i-flash' -Async @connection -ErrorAction Stop)
        $listed = @(Get-BailianTask -Model 'wan2.2-t2i-flash' @connection -ErrorAction Stop)
        foreach ($task in $made) {
            @($listed | Where-Object { $_.TaskId -eq $task.TaskId }).Count | Should -Be 1
        }
        $listed[0].SubmitTime | Should -BeGreaterOrEqual $listed[-1].SubmitTime
    }
}
