# Making the PowerShell Gallery's package (.nupkg) of a module folder, shared by build.ps1 (Package) and the
# Pester suite (tests/pester/Package.Tests.ps1). Dot-source it. Windows PowerShell 5.1 and pwsh 7.
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

# The .nupkg the Gallery would hold, made the way the Gallery's own client makes it: Publish-PSResource into a
# file repository registered for the occasion under a name of its own (unregistered afterwards, whatever
# happens). Publish-PSResource validates the manifest as the Gallery does. Returns the .nupkg, copied to
# OutputFolder.
function New-GalleryPackage {
    param(
        [Parameter(Mandatory = $true)][string] $ModuleFolder,
        [Parameter(Mandatory = $true)][string] $Version,
        [Parameter(Mandatory = $true)][string] $OutputFolder
    )

    if (-not (Get-Command -Name 'Publish-PSResource' -ErrorAction SilentlyContinue)) {
        Import-Module -Name 'Microsoft.PowerShell.PSResourceGet' -ErrorAction SilentlyContinue
    }
    if (-not (Get-Command -Name 'Publish-PSResource' -ErrorAction SilentlyContinue)) {
        throw 'Package needs Microsoft.PowerShell.PSResourceGet (part of pwsh 7.4 and later; on Windows PowerShell 5.1: Install-Module Microsoft.PowerShell.PSResourceGet -Scope CurrentUser).'
    }

    $stamp = [guid]::NewGuid().ToString('N')
    $repositoryName = 'BailianBuild-' + $stamp
    $repositoryDir = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-psrepo-' + $stamp)
    $null = New-Item -ItemType Directory -Path $repositoryDir -Force
    try {
        Register-PSResourceRepository -Name $repositoryName -Uri $repositoryDir -Trusted -ErrorAction Stop
        try {
            Write-Verbose ('Publish-PSResource -Path {0} -Repository {1}' -f $ModuleFolder, $repositoryDir)
            Publish-PSResource -Path $ModuleFolder -Repository $repositoryName -ErrorAction Stop
        }
        finally {
            Unregister-PSResourceRepository -Name $repositoryName -ErrorAction SilentlyContinue
        }
        $made = @(Get-ChildItem -LiteralPath $repositoryDir -Filter ('Bailian.{0}.nupkg' -f $Version) -File)
        if ($made.Count -ne 1) { throw ('Publish-PSResource did not write Bailian.{0}.nupkg into {1}.' -f $Version, $repositoryDir) }
        Copy-Item -LiteralPath $made[0].FullName -Destination $OutputFolder -Force
    }
    finally {
        Remove-Item -LiteralPath $repositoryDir -Recurse -Force -ErrorAction SilentlyContinue
    }
    return (Get-Item -LiteralPath (Join-Path $OutputFolder $made[0].Name))
}
