# The README's troubleshooting table lists every error id the module can raise, and no other (project issue
# 10). The ids are catalogued in src/Bailian.Core/ErrorIds.cs (project issue 13): one constant per id,
# `public const string Xxx = "Bailian.Xxx";`, and every raise site in src/Bailian.Core and src/Bailian uses
# the constant. So the catalogue is compared with the table both ways, every constant must be used somewhere
# (an id nothing raises any more leaves the catalogue), and no id may be written as a literal outside it.
# A literal that names a type or an assembly of the project (say "Bailian.Core") is not an error id.
# Needs no build: it reads the sources.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

BeforeAll {
    $script:RepoRoot = [System.IO.Path]::GetFullPath((Join-Path (Join-Path $PSScriptRoot '..') '..'))
    $script:CatalogPath = Join-Path (Join-Path (Join-Path $script:RepoRoot 'src') 'Bailian.Core') 'ErrorIds.cs'
    $script:SourceFolders = @((Join-Path (Join-Path $script:RepoRoot 'src') 'Bailian.Core'), (Join-Path (Join-Path $script:RepoRoot 'src') 'Bailian'))

    # The C# sources under the given folders (bin and obj left out: generated).
    function Get-BailianSourceFile {
        param([Parameter(Mandatory = $true)][string[]] $Folder)

        @(foreach ($dir in $Folder) {
                Get-ChildItem -LiteralPath $dir -Filter '*.cs' -File -Recurse |
                    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
            })
    }

    # The catalogue: constant name -> error id, from the `public const string Name = "Bailian.Name";` lines of ErrorIds.cs.
    function Get-BailianErrorIdCatalog {
        param([Parameter(Mandatory = $true)][string] $Path)

        $catalog = @{}
        foreach ($match in [regex]::Matches([System.IO.File]::ReadAllText($Path), 'public\s+const\s+string\s+([A-Za-z0-9]+)\s*=\s*"(Bailian\.[A-Za-z0-9]+)"\s*;')) {
            $catalog[$match.Groups[1].Value] = $match.Groups[2].Value
        }
        return $catalog
    }

    # Every "Bailian.Xxx" literal of the given files that is not a name of the project (assembly or declared type),
    # each with the place it was first seen.
    function Get-BailianIdLiteral {
        param([Parameter(Mandatory = $true)][AllowEmptyCollection()][System.IO.FileInfo[]] $Source)

        # Names that are not error ids: the project's assemblies, and the types its sources declare.
        $notIds = @{}
        foreach ($project in @(Get-ChildItem -LiteralPath $script:RepoRoot -Filter '*.csproj' -File -Recurse | Where-Object { $_.FullName -notmatch '[\\/](bin|obj|out)[\\/]' })) {
            $notIds[$project.BaseName] = $true
        }
        foreach ($declaring in @(Get-BailianSourceFile -Folder $script:SourceFolders)) {
            foreach ($match in [regex]::Matches([System.IO.File]::ReadAllText($declaring.FullName), '\b(?:class|record|struct|enum|interface)\s+([A-Z][A-Za-z0-9]*)')) {
                $notIds['Bailian.' + $match.Groups[1].Value] = $true
            }
        }
        $ids = @{}
        foreach ($file in $Source) {
            $lineNumber = 0
            foreach ($line in ([System.IO.File]::ReadAllText($file.FullName) -split "`n")) {
                $lineNumber++
                if ($line.TrimStart().StartsWith('//')) { continue }
                foreach ($match in [regex]::Matches($line, '"(Bailian\.[A-Z][A-Za-z0-9]*)"')) {
                    $id = $match.Groups[1].Value
                    if (-not $notIds.ContainsKey($id) -and -not $ids.ContainsKey($id)) {
                        $ids[$id] = ('{0}:{1}' -f $file.FullName.Substring($script:RepoRoot.Length + 1), $lineNumber)
                    }
                }
            }
        }
        return $ids
    }

    # The ids in the first column of the table under '## Troubleshooting', each with the rest of its row.
    function Get-ReadmeErrorIdRow {
        param([Parameter(Mandatory = $true)][string] $Path)

        $rows = @{}
        $inSection = $false
        foreach ($line in [System.IO.File]::ReadAllLines($Path, [System.Text.Encoding]::UTF8)) {
            if ($line -match '^##\s') { $inSection = ($line -match '^##\s+Troubleshooting\s*$'); continue }
            if (-not $inSection -or -not $line.StartsWith('|')) { continue }
            $cells = @($line.Trim().Trim('|').Split('|') | ForEach-Object { $_.Trim() })
            if ($cells.Count -lt 3) { continue }
            foreach ($match in [regex]::Matches($cells[0], '`(Bailian\.[A-Za-z0-9]+)`')) {
                $rows[$match.Groups[1].Value] = [pscustomobject]@{ Message = $cells[1]; Action = $cells[2] }
            }
        }
        return $rows
    }

    $script:Catalog = Get-BailianErrorIdCatalog -Path $script:CatalogPath
    # The catalogue's ids, each with where it is declared (for messages).
    $script:CodeIds = @{}
    foreach ($name in $script:Catalog.Keys) { $script:CodeIds[$script:Catalog[$name]] = 'src/Bailian.Core/ErrorIds.cs: ErrorIds.' + $name }
    $script:OtherSources = @(Get-BailianSourceFile -Folder $script:SourceFolders | Where-Object { $_.FullName -ne $script:CatalogPath })
    $script:ReadmeRows = Get-ReadmeErrorIdRow -Path (Join-Path $script:RepoRoot 'README.md')
}

Describe 'The error id catalogue (src/Bailian.Core/ErrorIds.cs)' {
    It 'finds the error ids in the catalogue and the table at all' {
        # A broken pattern would make the comparisons below pass on nothing.
        $script:CodeIds.Keys | Should -Contain 'Bailian.NoApiKey'
        $script:CodeIds.Keys | Should -Contain 'Bailian.InvalidSize'
        $script:CodeIds.Count | Should -BeGreaterThan 20
        $script:ReadmeRows.Count | Should -BeGreaterThan 20
    }

    It 'names each constant after its id' {
        $mismatched = @($script:Catalog.Keys | Where-Object { $script:Catalog[$_] -cne ('Bailian.' + $_) } | Sort-Object)
        $mismatched | Should -BeNullOrEmpty -Because 'ErrorIds.Xxx holds "Bailian.Xxx", so a reader of a raise site knows the id'
    }

    It 'has every constant used outside the catalogue' {
        $text = ($script:OtherSources | ForEach-Object { [System.IO.File]::ReadAllText($_.FullName) }) -join "`n"
        $unused = @($script:Catalog.Keys | Where-Object { $text -notmatch ('\bErrorIds\.' + $_ + '\b') } | Sort-Object)
        $unused | Should -BeNullOrEmpty -Because 'an id that nothing raises any more leaves the catalogue (and the README)'
    }

    It 'is where every id is written: no "Bailian.Xxx" literal elsewhere in src' {
        $literals = Get-BailianIdLiteral -Source $script:OtherSources
        $stray = @($literals.Keys | Sort-Object | ForEach-Object { '{0} ({1})' -f $_, $literals[$_] })
        $stray | Should -BeNullOrEmpty -Because 'raise sites use the ErrorIds constants; a new id goes into src/Bailian.Core/ErrorIds.cs and the README table'
    }
}

Describe 'Error ids in the README troubleshooting table' {
    It 'lists every error id of the catalogue' {
        $missing = @($script:CodeIds.Keys | Where-Object { -not $script:ReadmeRows.ContainsKey($_) } | Sort-Object |
                ForEach-Object { '{0} ({1})' -f $_, $script:CodeIds[$_] })
        $missing | Should -BeNullOrEmpty -Because 'every error id needs a row in the Troubleshooting table of README.md: a message excerpt and what to do'
    }

    It 'lists no error id the catalogue does not have' {
        $stale = @($script:ReadmeRows.Keys | Where-Object { -not $script:CodeIds.ContainsKey($_) } | Sort-Object)
        $stale | Should -BeNullOrEmpty -Because 'the Troubleshooting table of README.md names ids that are not in src/Bailian.Core/ErrorIds.cs'
    }

    It 'gives each id a message and what to do' {
        $empty = @($script:ReadmeRows.Keys | Where-Object { -not $script:ReadmeRows[$_].Message -or -not $script:ReadmeRows[$_].Action } | Sort-Object)
        $empty | Should -BeNullOrEmpty
    }
}

Describe 'Files the README names' {
    BeforeAll {
        $script:ReadmeText = [System.IO.File]::ReadAllText((Join-Path $script:RepoRoot 'README.md'), [System.Text.Encoding]::UTF8)
    }

    It 'links only to files of the repository' {
        $targets = @([regex]::Matches($script:ReadmeText, '\]\(([^)\s]+)\)') | ForEach-Object { $_.Groups[1].Value } |
                Where-Object { $_ -notmatch '^(https?|mailto):' -and -not $_.StartsWith('#') })
        $targets.Count | Should -BeGreaterThan 0 -Because 'the README links to LICENSE at least'
        $broken = @($targets | Where-Object {
                $relative = ($_ -split '#')[0]
                -not (Test-Path -LiteralPath (Join-Path $script:RepoRoot $relative))
            })
        $broken | Should -BeNullOrEmpty -Because 'a relative link must resolve in a clone of the repository'
    }

    It 'names only docs/ files that exist' {
        $named = @([regex]::Matches($script:ReadmeText, '\bdocs/[A-Za-z0-9._/-]+\.md\b') | ForEach-Object { $_.Value } | Sort-Object -Unique)
        $missing = @($named | Where-Object { -not (Test-Path -LiteralPath (Join-Path $script:RepoRoot $_) -PathType Leaf) })
        $missing | Should -BeNullOrEmpty -Because 'design notes and API references kept outside the repository are not there for a reader of the README'
    }
}

BeforeDiscovery {
    # Every model (and -Async or not) the README pipes a prompts.csv into: samples/prompts.csv must work with each.
    $readmeText = [System.IO.File]::ReadAllText([System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../README.md')), [System.Text.Encoding]::UTF8)
    $seen = @{}
    $sampleCases = @(foreach ($match in [regex]::Matches($readmeText, 'Import-Csv\s+\S*prompts\.csv[^|\r\n]*\|\s*New-BailianImage([^|#\r\n]*)')) {
            $arguments = $match.Groups[1].Value
            $model = [regex]::Match($arguments, '-Model\s+([^\s]+)')
            $case = @{
                Model = $(if ($model.Success) { $model.Groups[1].Value } else { '' })
                Label = $(if ($model.Success) { $model.Groups[1].Value } else { '(default)' })
                Async = ($arguments -match '-Async\b')
            }
            $key = '{0}|{1}' -f $case.Model, $case.Async
            if (-not $seen.ContainsKey($key)) { $seen[$key] = $true; $case }
        })
    if ($sampleCases.Count -eq 0) { throw 'README.md pipes no prompts.csv into New-BailianImage: the sample check has nothing to check.' }
}

Describe 'samples/prompts.csv with every model the README pipes it to' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession
        $script:Samples = Join-BailianRepoPath 'samples/prompts.csv'
        $script:SampleRows = @(Import-Csv -LiteralPath $script:Samples)
    }

    AfterAll {
        Complete-BailianTestSession
    }

    It 'makes an image of every row with model <Label> (Async: <Async>)' -ForEach $sampleCases {
        $connection = Get-BeijingConnection
        $parameters = @{}
        if ($Model) { $parameters['Model'] = $Model }
        $errors = $null
        $results = @(Import-Csv -LiteralPath $script:Samples | New-BailianImage @connection @parameters -Async:$Async -ErrorVariable errors)
        if ($Async) { $results = @($results | Get-BailianTask @connection -Wait -ErrorVariable +errors) }
        @($errors) | Should -BeNullOrEmpty
        $results.Count | Should -BeGreaterOrEqual $script:SampleRows.Count
    }
}
