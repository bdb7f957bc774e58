# Memory through the cmdlets (issue 12): the live heap of the session running
# New-BailianImage | Save-BailianImage stays flat as rows go by. It grew 1.4-4 KB a row when every wait of the
# model gate left a timer and a token registration behind for the batch's whole life. Bytes, not time: the live
# heap after a full collection, measured in this process (the emulator runs in its own).

Describe 'Memory through the cmdlets' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession
        $null = Invoke-EmulatorControl -Method 'Put' -RelativeUri '_emulator/latency?ms=0'

        function Invoke-Rows([int] $First, [int] $Last, [string] $Folder) {
            $connection = Get-BeijingConnection
            $First..$Last | ForEach-Object { [pscustomobject]@{ prompt = "memory row $_"; name = "row$_" } } |
                New-BailianImage @connection -ErrorAction Stop | Save-BailianImage -Path $Folder -ErrorAction Stop | Out-Null
            Remove-Item -Path (Join-Path $Folder '*') -Force
            Clear-EmulatorRequest
        }

        function Get-LiveHeap {
            [GC]::Collect()
            [GC]::WaitForPendingFinalizers()
            [GC]::Collect()
            return [GC]::GetTotalMemory($true)
        }
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    It 'keeps the live heap flat from 1,000 to 5,000 rows of New-BailianImage | Save-BailianImage (under 300 bytes a row)' {
        $folder = Join-Path $TestDrive 'memory'
        Invoke-Rows -First 1 -Last 1000 -Folder $folder
        $before = Get-LiveHeap

        Invoke-Rows -First 1001 -Last 5000 -Folder $folder
        $after = Get-LiveHeap

        $perRow = ($after - $before) / 4000
        $perRow | Should -BeLessThan 300 -Because "the live heap went from $([math]::Round($before / 1MB, 1)) MB to $([math]::Round($after / 1MB, 1)) MB over 4,000 rows"
    }
}
