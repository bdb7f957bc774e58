# The Gallery package as a user gets it (project issue 10): the built module (out/Bailian) packed into a .nupkg
# by Publish-PSResource, as build.ps1 -Task Package does (tools/GalleryPackage.ps1), published to a local file
# repository, saved from there with Save-PSResource into a temporary folder, put on PSModulePath, and imported
# BY NAME in a fresh PowerShell process, which then makes an image against the emulator and reads the help.
# Nothing here talks to the PowerShell Gallery; the repositories registered are removed afterwards.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-BailianRepoPath 'tools/GalleryPackage.ps1')

    # The same PowerShell as this one, as a program and the arguments before its own (dotnet pwsh.dll for the
    # repository's local tool).
    function Get-FreshPowerShellCommand {
        if ($PSVersionTable.PSEdition -ne 'Core') { return @{ FilePath = (Join-Path $PSHOME 'powershell.exe'); Prefix = @() } }
        $processPath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
            $entry = [System.Reflection.Assembly]::GetEntryAssembly()
            return @{ FilePath = $processPath; Prefix = @($entry.Location) }
        }
        return @{ FilePath = $processPath; Prefix = @() }
    }

    # Runs a script in a new PowerShell process with the saved package first on PSModulePath; returns the
    # object the script wrote as JSON on its last line of output.
    function Invoke-FreshPowerShell {
        param([Parameter(Mandatory = $true)][string] $Script)

        $prologue = "`$ErrorActionPreference = 'Stop'`n`$ProgressPreference = 'SilentlyContinue'`n" +
            ("`$env:PSModulePath = '{0}' + [System.IO.Path]::PathSeparator + `$env:PSModulePath`n" -f $script:InstallDir.Replace("'", "''"))
        $encoded = [System.Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($prologue + $Script))
        $command = Get-FreshPowerShellCommand
        $arguments = @($command.Prefix) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)
        $output = @(& $command.FilePath @arguments 2>&1 | ForEach-Object { [string]$_ })
        $exitCode = $LASTEXITCODE
        $json = @($output | Where-Object { $_.StartsWith('{') }) | Select-Object -Last 1
        if ($exitCode -ne 0 -or -not $json) {
            throw ("The fresh PowerShell failed (exit code {0}):`n{1}" -f $exitCode, ($output -join "`n"))
        }
        return ($json | ConvertFrom-Json)
    }

    # Synopsis of New-BailianImage in one UI culture, in a process of its own (Get-Help caches what it read).
    function Get-InstalledSynopsis {
        param([Parameter(Mandatory = $true)][string] $Culture)

        $script = @'
[System.Threading.Thread]::CurrentThread.CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('__CULTURE__')
Import-Module -Name Bailian
[pscustomobject]@{ Synopsis = [string](Get-Help -Name New-BailianImage).Synopsis } | ConvertTo-Json -Compress
'@
        return (Invoke-FreshPowerShell -Script $script.Replace('__CULTURE__', $Culture)).Synopsis
    }

    if (-not (Test-Path -LiteralPath $script:BailianManifestPath -PathType Leaf)) {
        throw ("The Bailian module is not built: '{0}' does not exist. Run ./build.ps1 first." -f $script:BailianManifestPath)
    }
    $builtFolder = Split-Path -Parent $script:BailianManifestPath
    $script:Version = [string](Import-PowerShellDataFile -Path $script:BailianManifestPath)['ModuleVersion']

    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-package-test-' + [guid]::NewGuid().ToString('N'))
    $script:InstallDir = Join-Path $script:Work 'modules'
    $stage = Join-Path (Join-Path (Join-Path $script:Work 'stage') 'Bailian') $script:Version
    $feed = Join-Path $script:Work 'feed'
    foreach ($dir in @($stage, $feed, $script:InstallDir)) { $null = New-Item -ItemType Directory -Path $dir -Force }

    # The package folder as build.ps1 lays it out: the built module and the license.
    Copy-Item -Path (Join-Path $builtFolder '*') -Destination $stage -Recurse
    Copy-Item -LiteralPath (Join-BailianRepoPath 'LICENSE') -Destination $stage
    $script:Nupkg = New-GalleryPackage -ModuleFolder $stage -Version $script:Version -OutputFolder $feed

    # A second local repository serves the .nupkg, as the Gallery would; Save-PSResource takes it from there.
    $script:FeedName = 'BailianTestFeed-' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $script:FeedName -Uri $feed -Trusted
    try {
        Save-PSResource -Name 'Bailian' -Version $script:Version -Repository $script:FeedName -Path $script:InstallDir -TrustRepository -ErrorAction Stop
    }
    finally {
        Unregister-PSResourceRepository -Name $script:FeedName -ErrorAction SilentlyContinue
    }
    $script:Installed = Join-Path (Join-Path $script:InstallDir 'Bailian') $script:Version

    Start-BailianEmulator
}

AfterAll {
    if (Get-Command -Name 'Stop-BailianEmulator' -ErrorAction SilentlyContinue) { Stop-BailianEmulator }
    if ($script:Work) { Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'The Gallery package' {
    It 'is a .nupkg whose metadata is the manifest''s' {
        $script:Nupkg.Name | Should -Be ('Bailian.{0}.nupkg' -f $script:Version)
        Write-Host ('Bailian.{0}.nupkg: {1:N0} bytes' -f $script:Version, $script:Nupkg.Length)
        $script:Nupkg.Length | Should -BeLessThan 10MB

        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($script:Nupkg.FullName)
        try {
            $entries = @($zip.Entries | ForEach-Object { $_.FullName })
            $reader = New-Object System.IO.StreamReader -ArgumentList ($zip.GetEntry('Bailian.nuspec').Open())
            [xml]$nuspec = $reader.ReadToEnd()
            $reader.Dispose()
        }
        finally {
            $zip.Dispose()
        }
        $entries | Should -Contain 'Bailian.psd1'
        $entries | Should -Contain 'Bailian.dll'
        $entries | Should -Contain 'LICENSE'
        $entries | Should -Not -Contain 'System.Management.Automation.dll'

        $psData = (Import-PowerShellDataFile -Path (Join-BailianRepoPath 'Bailian.psd1'))['PrivateData']['PSData']
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'Bailian'
        $metadata.version | Should -Be $script:Version
        $metadata.projectUrl | Should -Be $psData['ProjectUri']
        $metadata.licenseUrl | Should -Be $psData['LicenseUri']
        $metadata.releaseNotes | Should -Be $psData['ReleaseNotes']
        $tags = @($metadata.tags -split '\s+')
        foreach ($tag in $psData['Tags']) { $tags | Should -Contain $tag }
        $tags | Should -Contain 'PSModule'
    }

    It 'installs with PSResourceGet, imports by name in a fresh process and makes an image against the emulator' {
        $script = @'
$module = Import-Module -Name Bailian -PassThru
$key = ConvertTo-SecureString -String '__KEY__' -AsPlainText -Force
$results = @(New-BailianImage 'a red fox, watercolor' -Endpoint '__ENDPOINT__' -ApiKey $key)
[pscustomobject]@{
    ModuleBase = $module.ModuleBase
    Version    = [string]$module.Version
    Cmdlets    = @($module.ExportedCmdlets.Keys | Sort-Object)
    Count      = $results.Count
    Url        = [string]$results[0].Url
} | ConvertTo-Json -Compress
'@
        $script = $script.Replace('__KEY__', $script:BeijingKeyText).Replace('__ENDPOINT__', $script:BeijingApi)
        $outcome = Invoke-FreshPowerShell -Script $script

        [System.IO.Path]::GetFullPath($outcome.ModuleBase).TrimEnd('\', '/') | Should -Be ([System.IO.Path]::GetFullPath($script:Installed).TrimEnd('\', '/'))
        $outcome.Version | Should -Be $script:Version
        $outcome.Cmdlets | Should -Contain 'New-BailianImage'
        $outcome.Cmdlets | Should -Contain 'Save-BailianImage'
        $outcome.Count | Should -Be 1
        $outcome.Url | Should -Match ('^' + [regex]::Escape($script:EmulatorBase))
    }

    It 'has help for New-BailianImage in <Culture>, from its own help file' -ForEach @(
        @{ Culture = 'en-US' }
        @{ Culture = 'zh-CN' }
    ) {
        Test-Path -LiteralPath (Join-Path (Join-Path $script:Installed $Culture) 'Bailian.dll-Help.xml') -PathType Leaf | Should -BeTrue
        $synopsis = Get-InstalledSynopsis -Culture $Culture
        $synopsis | Should -Not -BeNullOrEmpty
        # Without a help file, Get-Help makes the synopsis up from the syntax.
        $synopsis.Trim() | Should -Not -Match '^New-BailianImage\s+\['
        if ($Culture -ne 'en-US') {
            $synopsis | Should -Not -Be (Get-InstalledSynopsis -Culture 'en-US') -Because ('the {0} help file, not the en-US one, should answer' -f $Culture)
        }
    }
}
