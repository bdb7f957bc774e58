# What the pwsh benchmark scripts share (dot-sourced): the built module's path, the emulator process, a
# measurement run in a pwsh process of its own (so that the CPU time and memory it reports are its own), and the
# median (min-max) they all print. Each script runs itself again as that child, with an internal parameter set.

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$BenchmarkRepo = Split-Path -Parent $PSScriptRoot
$BenchmarkManifest = Join-Path $BenchmarkRepo 'out' 'Bailian' 'Bailian.psd1'
. (Join-Path $BenchmarkRepo 'tools' 'EmulatorProcess.ps1')

# The emulator's Release build on a free loopback port; the module must be built too (the children import it).
function Start-BenchmarkEmulator {
    if (-not (Test-Path -LiteralPath $BenchmarkManifest)) {
        throw "The module is not built ($BenchmarkManifest): run dotnet build Bailian.Pwsh.sln -c Release first."
    }

    Start-BailianEmulatorProcess -DllPath (Find-BailianEmulatorDll -RepoRoot $BenchmarkRepo -Configuration 'Release')
}

function Stop-BenchmarkEmulator($Emulator) {
    Stop-BailianEmulatorProcess -Emulator $Emulator
}

# Runs -Script in a new pwsh (the same pwsh as this one: 'dotnet pwsh' runs pwsh.dll under the dotnet host) with
# -Arguments ('-Name', value, ...), and returns the JSON of every line it prints that starts with "$Tag ".
# -PwshDll runs that pwsh.dll under the same dotnet host instead (Get-ReadyToRunPwsh's copy).
function Invoke-BenchmarkChild([string] $Script, [string] $Tag, [object[]] $Arguments, [string] $PwshDll) {
    $pwshHost = (Get-Process -Id $PID).Path
    $pwshArgs = @(if ($PwshDll) { $PwshDll } else { [Environment]::GetCommandLineArgs()[0] | Where-Object { $_ -like '*.dll' } })
    $lines = & $pwshHost @pwshArgs -NoProfile -NonInteractive -File $Script @Arguments 2>&1
    $found = @($lines | Where-Object { "$_".StartsWith("$Tag ") } | ForEach-Object { ConvertFrom-Json "$_".Substring($Tag.Length + 1) })
    if ($found.Count -eq 0) { throw "$Script printed no $Tag line:`n$($lines -join "`n")" }
    return $found
}

# "median (min-max)" of the values, in -Format.
function Format-Spread([double[]] $Values, [string] $Format = '0.000') {
    $v = @($Values | Sort-Object)
    '{0} ({1}-{2})' -f $v[[math]::Floor($v.Count / 2)].ToString($Format), $v[0].ToString($Format), $v[-1].ToString($Format)
}

# The running pwsh as PowerShell's release packages ship it. The .NET tool this repo runs (`dotnet pwsh`) is
# PowerShell's framework-dependent build, IL only, so a fresh process JIT-compiles PowerShell's own code on first
# use; the MSI, deb, rpm and tar.gz packages are ReadyToRun (PowerShell's build.psm1 turns PublishReadyToRun off
# only for framework-dependent builds). This compiles a copy of $PSHOME's assemblies the same way with crossgen2,
# once per pwsh version and platform, into out/pwsh-readytorun/<version>-<rid>, and returns the copy's pwsh.dll.
# crossgen2 comes from NuGet: publishing a throwaway project with PublishReadyToRun restores the one the SDK picks.
# No library does this job: crossgen2 is the tool, and the SDK only drives it for a project's own publish.
function Get-ReadyToRunPwsh {
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $target = Join-Path $BenchmarkRepo 'out' 'pwsh-readytorun' "$($PSVersionTable.PSVersion)-$rid"
    $pwshDll = Join-Path $target 'pwsh.dll'
    if (Test-Path -LiteralPath $pwshDll) { return $pwshDll }

    $crossgen = Restore-Crossgen2 $rid
    $building = "$target.partial"
    if (Test-Path -LiteralPath $building) { Remove-Item -LiteralPath $building -Recurse -Force }
    Copy-Item -LiteralPath $PSHOME -Destination $building -Recurse
    # crossgen2's names: linux-x64 is linux/x64, linux-musl-arm64 linux/arm64, win-x64 windows/x64, osx-arm64 osx/arm64.
    $os = $rid.Split('-')[0] -replace '^win$', 'windows'
    $arch = $rid.Split('-')[-1]
    $framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    Write-Host "Compiling $PSHOME ReadyToRun for $rid into $target (once; about a minute)"
    foreach ($dll in Get-ChildItem -LiteralPath $PSHOME -Filter '*.dll' -File) {
        # A response file: pwsh would expand the *.dll wildcards itself on Unix, one argument per file.
        $rsp = Join-Path $building 'crossgen2.rsp'
        Set-Content -LiteralPath $rsp -Value @($dll.FullName, '-o', (Join-Path $building $dll.Name), '-r', (Join-Path $framework '*.dll'), '-r', (Join-Path $PSHOME '*.dll'), '--targetos', $os, '--targetarch', $arch, '-O')
        $out = & $crossgen "@$rsp" 2>&1
        # Native and already-compiled DLLs are refused; the copy keeps them as they were.
        if ($LASTEXITCODE -ne 0) { Copy-Item -LiteralPath $dll.FullName -Destination $building -Force; Write-Verbose "$($dll.Name): $out" }
    }
    Remove-Item -LiteralPath (Join-Path $building 'crossgen2.rsp')
    Move-Item -LiteralPath $building -Destination $target
    return $pwshDll
}

# crossgen2 for -Rid, from the NuGet cache (restored first if it is not there).
function Restore-Crossgen2([string] $Rid) {
    $project = Join-Path ([System.IO.Path]::GetTempPath()) "bailian-crossgen2-$PID"
    $null = New-Item -ItemType Directory -Path $project -Force
    try {
        Set-Content -LiteralPath (Join-Path $project 'Restore.csproj') -Value @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net$([Environment]::Version.ToString(2))</TargetFramework>
    <RuntimeIdentifier>$Rid</RuntimeIdentifier>
    <PublishReadyToRun>true</PublishReadyToRun>
    <SelfContained>false</SelfContained>
  </PropertyGroup>
</Project>
"@
        Set-Content -LiteralPath (Join-Path $project 'Empty.cs') -Value 'internal static class Empty { }'
        $log = & (Get-Process -Id $PID).Path publish $project -o (Join-Path $project 'out') 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Could not restore crossgen2 for ${Rid}:`n$($log -join "`n")" }
    }
    finally {
        Remove-Item -LiteralPath $project -Recurse -Force -ErrorAction SilentlyContinue
    }

    $packages = ((& (Get-Process -Id $PID).Path nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    $name = if ($IsWindows) { 'crossgen2.exe' } else { 'crossgen2' }
    $found = Get-ChildItem -LiteralPath (Join-Path $packages "microsoft.netcore.app.crossgen2.$Rid") -Directory |
        Sort-Object { [version]($_.Name -replace '-.*$', '') } -Descending |
        ForEach-Object { Join-Path $_.FullName 'tools' $name } | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    if (-not $found) { throw "crossgen2 for $Rid is not in $packages after the restore." }
    return $found
}
