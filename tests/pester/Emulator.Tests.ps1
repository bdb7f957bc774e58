# The standalone emulator as a user starts it (dotnet Bailian.Emulator.dll --urls ...).
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

Describe 'The standalone emulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $script:EmulatorDll = Get-BailianEmulatorPath
        $script:Dotnet = (Get-Command -Name 'dotnet' -CommandType Application | Select-Object -First 1).Path
    }

    It 'says in one line, without a stack trace, that its port is taken' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $lines = @(& $script:Dotnet $script:EmulatorDll --urls "http://127.0.0.1:$port" 2>&1 | ForEach-Object { "$_" } | Where-Object { $_.Trim() })
            $exitCode = $LASTEXITCODE
        }
        finally {
            $listener.Stop()
        }

        $exitCode | Should -Be 1
        $lines.Count | Should -Be 1 -Because ($lines -join [Environment]::NewLine)
        $lines[0] | Should -Match "could not start: .*$port"
    }
}
