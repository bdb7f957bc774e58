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
function Invoke-BenchmarkChild([string] $Script, [string] $Tag, [object[]] $Arguments) {
    $pwshHost = (Get-Process -Id $PID).Path
    $pwshArgs = @([Environment]::GetCommandLineArgs()[0] | Where-Object { $_ -like '*.dll' })
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
