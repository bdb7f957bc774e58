# Examples that write text files name their encoding: Windows PowerShell 5.1 writes the system's ANSI code page
# otherwise, where a Chinese prompt turns into ???? that is still valid UTF-8 and would be sent, and billed.
# Needs no build: it reads the sources.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

Describe 'Examples that write files' {
    It 'name -Encoding wherever README.md and the help write a text file' {
        $root = [System.IO.Path]::GetFullPath((Join-Path (Join-Path $PSScriptRoot '..') '..'))
        $sources = @(Join-Path $root 'README.md') + @(Get-ChildItem -LiteralPath (Join-Path (Join-Path $root 'src') (Join-Path 'Bailian' 'Help')) -Recurse -File | ForEach-Object FullName)
        $missing = foreach ($source in $sources) {
            $number = 0
            foreach ($line in [System.IO.File]::ReadAllLines($source)) {
                $number++
                if ($line -match '\b(Set-Content|Add-Content|Out-File|Export-Csv)\b' -and $line -notmatch '-Encoding\b') {
                    '{0}:{1}: {2}' -f (Split-Path -Leaf $source), $number, $line.Trim()
                }
            }
        }

        $sources.Count | Should -BeGreaterThan 10
        $missing | Should -BeNullOrEmpty
    }
}
