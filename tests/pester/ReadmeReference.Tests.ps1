# The README's troubleshooting table lists every error id the module can raise, and no other (project issue
# 10). The ids are the string literals "Bailian.Xxx" of the C# sources of src/Bailian.Core and src/Bailian:
# BailianException and its subclasses take them as their first argument, DashScopeException maps API codes to
# them, and Get-BailianModel builds one ErrorRecord itself. A literal that names a type or an assembly of the
# project (say "Bailian.Core") is not an error id. Needs no build: it reads the sources.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

BeforeAll {
    $script:RepoRoot = [System.IO.Path]::GetFullPath((Join-Path (Join-Path $PSScriptRoot '..') '..'))

    # Every "Bailian.Xxx" literal of the C# sources under the given folders (bin and obj left out: generated).
    function Get-BailianCodeErrorId {
        param([Parameter(Mandatory = $true)][string[]] $Folder)

        $files = @(foreach ($dir in $Folder) {
                Get-ChildItem -LiteralPath $dir -Filter '*.cs' -File -Recurse |
                    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
            })

        # Names that are not error ids: the project's assemblies, and the types its sources declare.
        $notIds = @{}
        foreach ($project in @(Get-ChildItem -LiteralPath $script:RepoRoot -Filter '*.csproj' -File -Recurse | Where-Object { $_.FullName -notmatch '[\\/](bin|obj|out)[\\/]' })) {
            $notIds[$project.BaseName] = $true
        }
        $ids = @{}
        foreach ($file in $files) {
            $text = [System.IO.File]::ReadAllText($file.FullName)
            foreach ($match in [regex]::Matches($text, '\b(?:class|record|struct|enum|interface)\s+([A-Z][A-Za-z0-9]*)')) {
                $notIds['Bailian.' + $match.Groups[1].Value] = $true
            }
            $lineNumber = 0
            foreach ($line in ($text -split "`n")) {
                $lineNumber++
                if ($line.TrimStart().StartsWith('//')) { continue }
                foreach ($match in [regex]::Matches($line, '"(Bailian\.[A-Z][A-Za-z0-9]*)"')) {
                    $id = $match.Groups[1].Value
                    if (-not $ids.ContainsKey($id)) { $ids[$id] = ('{0}:{1}' -f $file.FullName.Substring($script:RepoRoot.Length + 1), $lineNumber) }
                }
            }
        }
        foreach ($name in @($notIds.Keys)) { $ids.Remove($name) }
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

    $script:CodeIds = Get-BailianCodeErrorId -Folder @((Join-Path (Join-Path $script:RepoRoot 'src') 'Bailian.Core'), (Join-Path (Join-Path $script:RepoRoot 'src') 'Bailian'))
    $script:ReadmeRows = Get-ReadmeErrorIdRow -Path (Join-Path $script:RepoRoot 'README.md')
}

Describe 'Error ids in the README troubleshooting table' {
    It 'finds the error ids in the code and the table at all' {
        # A broken pattern would make the comparisons below pass on nothing.
        $script:CodeIds.Keys | Should -Contain 'Bailian.NoApiKey'
        $script:CodeIds.Keys | Should -Contain 'Bailian.InvalidSize'
        $script:CodeIds.Keys | Should -Not -Contain 'Bailian.Core'
        $script:CodeIds.Count | Should -BeGreaterThan 20
        $script:ReadmeRows.Count | Should -BeGreaterThan 20
    }

    It 'lists every error id the code raises' {
        $missing = @($script:CodeIds.Keys | Where-Object { -not $script:ReadmeRows.ContainsKey($_) } | Sort-Object |
                ForEach-Object { '{0} ({1})' -f $_, $script:CodeIds[$_] })
        $missing | Should -BeNullOrEmpty -Because 'every error id needs a row in the Troubleshooting table of README.md: a message excerpt and what to do'
    }

    It 'lists no error id the code no longer raises' {
        $stale = @($script:ReadmeRows.Keys | Where-Object { -not $script:CodeIds.ContainsKey($_) } | Sort-Object)
        $stale | Should -BeNullOrEmpty -Because 'the Troubleshooting table of README.md names ids that no source in src/Bailian.Core or src/Bailian raises'
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
