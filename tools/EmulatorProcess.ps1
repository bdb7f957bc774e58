# Starting and stopping the Bailian emulator as a separate process, shared by build.ps1 (Demo) and the
# Pester suite (tests/pester/TestHelpers.ps1). Dot-source it. Windows PowerShell 5.1 and pwsh 7.
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

# Start-Process keeps the redirect file open while the emulator runs; open it shared so both sides get along.
function Read-SharedTextFile {
    param([Parameter(Mandatory = $true)][string] $Path)

    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) { return '' }
    $stream = $null
    try {
        $stream = New-Object -TypeName System.IO.FileStream -ArgumentList @($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]'ReadWrite, Delete')
        $reader = New-Object -TypeName System.IO.StreamReader -ArgumentList @($stream)
        return [string]$reader.ReadToEnd()
    }
    catch {
        return ''
    }
    finally {
        if ($null -ne $stream) { $stream.Dispose() }
    }
}

# The built emulator DLL of the first configuration that has one.
function Find-BailianEmulatorDll {
    param(
        [Parameter(Mandatory = $true)][string] $RepoRoot,
        [string[]] $Configuration = @('Release', 'Debug')
    )

    $looked = @()
    foreach ($name in $Configuration) {
        $binDir = Join-Path (Join-Path (Join-Path (Join-Path $RepoRoot 'tests') 'Bailian.Emulator') 'bin') $name
        $expected = Join-Path (Join-Path $binDir 'net10.0') 'Bailian.Emulator.dll'
        $looked += $expected
        if (Test-Path -LiteralPath $expected -PathType Leaf) { return $expected }
        if (Test-Path -LiteralPath $binDir -PathType Container) {
            $found = Get-ChildItem -LiteralPath $binDir -Filter 'Bailian.Emulator.dll' -Recurse -File -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($null -ne $found) { return $found.FullName }
        }
    }
    throw ('The Bailian emulator is not built. Looked for: {0}. Run ./build.ps1 (or dotnet build Bailian.Pwsh.sln -c Release) first.' -f ($looked -join ', '))
}

# Starts the emulator on a free loopback port (port 0 lets parallel runs coexist) and returns its
# process, base URL (ending in '/') and log files.
function Start-BailianEmulatorProcess {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Plumbing of build.ps1 (Demo) and the Pester suite, not a user command: it starts (or stops) the private emulator process it is asked to, and -WhatIf/-Confirm would mean nothing to its callers.')]
    param(
        [Parameter(Mandatory = $true)][string] $DllPath,
        [int] $TimeoutSec = 30
    )

    $dotnet = Get-Command -Name 'dotnet' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $dotnet) {
        throw 'The dotnet host is not on PATH; the Bailian emulator needs it (dotnet Bailian.Emulator.dll).'
    }

    $dll = $DllPath
    $stamp = [guid]::NewGuid().ToString('N')
    $temp = [System.IO.Path]::GetTempPath()
    $emulator = [pscustomobject]@{
        Process = $null
        Base    = $null
        StdOut  = (Join-Path $temp ('bailian-emulator-{0}.out.log' -f $stamp))
        StdErr  = (Join-Path $temp ('bailian-emulator-{0}.err.log' -f $stamp))
    }

    # 'dotnet app.dll' rather than 'dotnet run', so the process we stop is the emulator itself.
    # Start-Process joins arguments with spaces, hence the quotes around the path.
    $startParameters = @{
        FilePath               = $dotnet.Path
        ArgumentList           = @(('"{0}"' -f $dll), '--urls', 'http://127.0.0.1:0')
        WorkingDirectory       = (Split-Path -Parent $dll)
        RedirectStandardOutput = $emulator.StdOut
        RedirectStandardError  = $emulator.StdErr
        NoNewWindow            = $true
        PassThru               = $true
    }
    $emulator.Process = Start-Process @startParameters
    # Windows PowerShell only reports ExitCode later if the handle was taken while the process lived.
    try { $null = $emulator.Process.Handle } catch { $null = $_ }

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        $text = Read-SharedTextFile -Path $emulator.StdOut
        $match = [regex]::Match($text, 'Bailian emulator listening on (https?://\S+)')
        if ($match.Success) {
            $base = $match.Groups[1].Value
            if (-not $base.EndsWith('/')) { $base += '/' }
            $emulator.Base = $base
            return $emulator
        }

        if ($emulator.Process.HasExited) {
            $errorText = Read-SharedTextFile -Path $emulator.StdErr
            Stop-BailianEmulatorProcess -Emulator $emulator
            throw ("The Bailian emulator ({0}) exited before it was ready.`nstdout: {1}`nstderr: {2}" -f $dll, $text, $errorText)
        }

        if ([DateTime]::UtcNow -gt $deadline) {
            $errorText = Read-SharedTextFile -Path $emulator.StdErr
            Stop-BailianEmulatorProcess -Emulator $emulator
            throw ("The Bailian emulator ({0}) did not print its 'listening on' line within {1} s.`nstdout: {2}`nstderr: {3}" -f $dll, $TimeoutSec, $text, $errorText)
        }

        Start-Sleep -Milliseconds 100
    }
}

function Stop-BailianEmulatorProcess {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '', Justification = 'Plumbing of build.ps1 (Demo) and the Pester suite, not a user command: it starts (or stops) the private emulator process it is asked to, and -WhatIf/-Confirm would mean nothing to its callers.')]
    param([Parameter(Mandatory = $true)] $Emulator)

    $process = $Emulator.Process
    if ($null -ne $process) {
        try {
            if (-not $process.HasExited) {
                # Kill(bool), the whole tree, exists on .NET Core only; Windows PowerShell falls back to Stop-Process.
                try { $process.Kill($true) }
                catch { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue }
                $null = $process.WaitForExit(10000)
            }
        }
        catch {
            Write-Warning ('Could not stop the emulator (process {0}): {1}' -f $process.Id, $_.Exception.Message)
        }
    }

    foreach ($file in @($Emulator.StdOut, $Emulator.StdErr)) {
        if ($file) { Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue }
    }
}
