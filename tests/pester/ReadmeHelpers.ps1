# Plumbing for Readme.Tests.ps1: reading the README's code blocks, running them in one shared
# PowerShell session, and writing the small image files its examples name.
#
# Dot-source it from BeforeDiscovery (to read the blocks) and from BeforeAll (to run them).
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

# Every fenced block of a Markdown file, in order: its language, text, section heading, and the line of
# its opening fence (1-based). NotRun is the reason given by a '<!-- not run by tests: ... -->' comment
# on the line right before the fence, else $null.
function Get-MarkdownCodeBlock {
    param([Parameter(Mandatory = $true)][string] $Path)

    # Read as UTF-8 whatever the edition: the README has Chinese prompts and no BOM.
    $lines = [System.IO.File]::ReadAllLines($Path, [System.Text.Encoding]::UTF8)
    $heading = ''
    $fence = $null
    for ($i = 0; $i -lt $lines.Length; $i++) {
        $line = $lines[$i]
        if ($null -eq $fence) {
            if ($line -match '^#{1,6}\s+(.+?)\s*$') {
                $heading = $Matches[1]
            }
            elseif ($line -match '^```\s*([\w-]*)\s*$') {
                $language = $Matches[1]
                $notRun = $null
                if ($i -gt 0 -and $lines[$i - 1] -match '^\s*<!--\s*not run by tests:\s*(.+?)\s*-->\s*$') { $notRun = $Matches[1] }
                $fence = @{ Language = $language; Heading = $heading; Line = $i + 1; NotRun = $notRun; Body = New-Object System.Collections.Generic.List[string] }
            }
        }
        elseif ($line -match '^```\s*$') {
            [pscustomobject]@{
                Language = $fence.Language
                Heading  = $fence.Heading
                Line     = $fence.Line
                NotRun   = $fence.NotRun
                Text     = ($fence.Body -join "`n")
            }
            $fence = $null
        }
        else {
            $fence.Body.Add($line)
        }
    }
    if ($null -ne $fence) { throw ('{0}: the code block opened at line {1} is never closed.' -f $Path, $fence.Line) }
}

# A PowerShell session of its own for the README's blocks, with its location in $Location. The blocks
# share it, as the commands of one README session share a console.
function New-ReadmeShell {
    param([Parameter(Mandatory = $true)][string] $Location)

    $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault()
    # Scripts and .ps1xml files load under the policy this session has (there is none off Windows).
    if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT) { $state.ExecutionPolicy = Get-ExecutionPolicy }
    $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace($state)
    $runspace.Open()
    $shell = [System.Management.Automation.PowerShell]::Create()
    $shell.Runspace = $runspace
    $null = $shell.AddCommand('Set-Location').AddParameter('LiteralPath', $Location)
    $null = $shell.Invoke()
    return $shell
}

function Remove-ReadmeShell {
    param($Shell)

    if ($null -eq $Shell) { return }
    $runspace = $Shell.Runspace
    $Shell.Dispose()
    if ($null -ne $runspace) { $runspace.Dispose() }
}

# Runs one script in the shell, in its global scope (variables carry over to the next script), and
# returns what went wrong: ParseErrors (then nothing ran), Errors (the error records it wrote, a
# terminating one last) and TimedOut. Output is what it wrote to the pipeline.
function Invoke-ReadmeScript {
    param(
        [Parameter(Mandatory = $true)] $Shell,
        [Parameter(Mandatory = $true)][string] $Script,
        [int] $TimeoutSec = 300
    )

    $run = [pscustomobject]@{ Script = $Script; Output = @(); ParseErrors = @(); Errors = @(); TimedOut = $false }
    $tokens = $null
    $parseErrors = $null
    $null = [System.Management.Automation.Language.Parser]::ParseInput($Script, [ref] $tokens, [ref] $parseErrors)
    if (@($parseErrors).Count -gt 0) {
        $run.ParseErrors = @($parseErrors)
        return $run
    }

    $Shell.Commands.Clear()
    $Shell.Streams.ClearStreams()
    $null = $Shell.AddScript($Script)
    $thrown = $null
    $pending = $Shell.BeginInvoke()
    if ($pending.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSec))) {
        try { $run.Output = @($Shell.EndInvoke($pending)) }
        catch { $thrown = $_.Exception }
    }
    else {
        $run.TimedOut = $true
        $Shell.Stop()
    }

    $errors = @($Shell.Streams.Error)
    # EndInvoke wraps what the script threw; its ErrorRecord knows the line.
    while ($thrown -is [System.Management.Automation.MethodInvocationException] -and $null -ne $thrown.InnerException) {
        $thrown = $thrown.InnerException
    }
    if ($thrown -is [System.Management.Automation.IContainsErrorRecord]) { $errors += $thrown.ErrorRecord }
    elseif ($null -ne $thrown) { $errors += New-Object System.Management.Automation.ErrorRecord -ArgumentList @($thrown, 'ReadmeBlockThrew', 'NotSpecified', $null) }
    $run.Errors = $errors
    return $run
}

# What went wrong in a run of Invoke-ReadmeScript, two lines per problem: where in the README (the line of
# the block's fence plus the line in the block) with that line's text, then the error id and message.
function Format-ReadmeProblem {
    param(
        [Parameter(Mandatory = $true)] $Run,
        [int] $FenceLine = 0,
        [string] $ReadmeName = 'README.md'
    )

    $lines = $Run.Script -split "`n"
    $problems = @()
    foreach ($parseError in $Run.ParseErrors) {
        $problems += @{ Line = $parseError.Extent.StartLineNumber; Text = ('[{0}] {1}' -f $parseError.ErrorId, $parseError.Message) }
    }
    foreach ($record in $Run.Errors) {
        $lineNumber = 0
        if ($null -ne $record.InvocationInfo) { $lineNumber = $record.InvocationInfo.ScriptLineNumber }
        # Write-Error and throw leave the line in the stack trace only.
        if ($lineNumber -le 0 -and [string]$record.ScriptStackTrace -match '^at <ScriptBlock>, <No file>: line (\d+)') { $lineNumber = [int]$Matches[1] }
        $problems += @{ Line = $lineNumber; Text = ('[{0}] {1}' -f $record.FullyQualifiedErrorId, $record.ToString()) }
    }
    if ($Run.TimedOut) { $problems += @{ Line = 0; Text = 'The block did not finish in time and was stopped.' } }

    foreach ($problem in $problems) {
        $where = $ReadmeName
        if ($FenceLine -gt 0) { $where = '{0}:{1} (the block)' -f $ReadmeName, $FenceLine }
        if ($problem.Line -gt 0 -and $problem.Line -le $lines.Length) {
            $where = '{0}:{1}: {2}' -f $ReadmeName, ($FenceLine + $problem.Line), $lines[$problem.Line - 1].Trim()
        }
        '{0}{1}    {2}' -f $where, [System.Environment]::NewLine, $problem.Text
    }
}

# The files the README's and the help's examples name, in the folder they run in: photos/*.jpg, girl.png,
# dog.png, room.png, mask.png, beach.jpg, prompts.csv (the text given: the README's ```csv block) and
# edits.csv (the columns the README names, with paths relative to the folder). Sizes each model takes
# (qwen-image-edit-plus: sides 384-3072; wanx2.1-imageedit: 512-4096, a mask of its image's size).
function New-ExampleFiles {
    param(
        [Parameter(Mandatory = $true)][string] $Folder,
        [Parameter(Mandatory = $true)][string] $PromptsCsv
    )

    $null = New-Item -ItemType Directory -Path (Join-Path $Folder 'photos') -Force
    New-TestJpeg -Path (Join-Path $Folder 'photos/harbor.jpg') -Width 1024 -Height 768
    New-TestJpeg -Path (Join-Path $Folder 'photos/hut.jpg') -Width 768 -Height 1024
    New-TestPng -Path (Join-Path $Folder 'girl.png') -Width 768 -Height 1024
    New-TestPng -Path (Join-Path $Folder 'dog.png') -Width 640 -Height 640
    New-TestPng -Path (Join-Path $Folder 'room.png') -Width 1024 -Height 768
    New-TestPng -Path (Join-Path $Folder 'mask.png') -Width 1024 -Height 768 -Mask
    New-TestJpeg -Path (Join-Path $Folder 'beach.jpg') -Width 1024 -Height 768
    $utf8 = New-Object System.Text.UTF8Encoding -ArgumentList $true   # with a BOM, for Import-Csv on 5.1
    [System.IO.File]::WriteAllText((Join-Path $Folder 'prompts.csv'), $PromptsCsv, $utf8)
    $edits = "prompt,image,name`n" +
        "make the sky stormy,beach.jpg,stormy_beach`n" +
        "the girl from image 1 sits in the room from image 2,girl.png;room.png,girl_in_room`n"
    [System.IO.File]::WriteAllText((Join-Path $Folder 'edits.csv'), $edits, $utf8)
}

# ---- Image files, written by hand so the suite needs no image tools (and runs on Windows PowerShell 5.1 too) ----

function Write-BigEndianUInt32 {
    param([System.IO.Stream] $Stream, [long] $Value)

    $Stream.WriteByte([byte](($Value -shr 24) -band 0xFF))
    $Stream.WriteByte([byte](($Value -shr 16) -band 0xFF))
    $Stream.WriteByte([byte](($Value -shr 8) -band 0xFF))
    $Stream.WriteByte([byte]($Value -band 0xFF))
}

$script:Crc32Table = $null

function Get-Crc32 {
    param([byte[]] $Bytes)

    # Longs, masked to 32 bits: PowerShell reads 0xFFFFFFFF as the Int32 -1.
    if ($null -eq $script:Crc32Table) {
        $table = New-Object 'long[]' 256
        for ($n = 0; $n -lt 256; $n++) {
            [long] $c = $n
            for ($k = 0; $k -lt 8; $k++) {
                if ($c -band 1) { $c = 0xEDB88320L -bxor ($c -shr 1) } else { $c = $c -shr 1 }
            }
            $table[$n] = $c
        }
        $script:Crc32Table = $table
    }
    [long] $crc = 0xFFFFFFFFL
    foreach ($b in $Bytes) {
        $crc = $script:Crc32Table[($crc -bxor $b) -band 0xFF] -bxor ($crc -shr 8)
    }
    return ($crc -bxor 0xFFFFFFFFL)
}

function Write-PngChunk {
    param([System.IO.Stream] $Stream, [string] $Type, [byte[]] $Data)

    $typed = New-Object 'byte[]' (4 + $Data.Length)
    [System.Text.Encoding]::ASCII.GetBytes($Type).CopyTo($typed, 0)
    $Data.CopyTo($typed, 4)
    Write-BigEndianUInt32 -Stream $Stream -Value $Data.Length
    $Stream.Write($typed, 0, $typed.Length)
    Write-BigEndianUInt32 -Stream $Stream -Value (Get-Crc32 -Bytes $typed)
}

# Which of the picture's few distinct rows row $Y is: a band (sky, sea, sand), or for a mask outside/inside its rectangle.
function Get-TestPngRowKind {
    param([int] $Y, [int] $Height, [switch] $Mask)

    if ($Mask) {
        if ($Y -ge [int]($Height / 4) -and $Y -lt [int]($Height * 3 / 4)) { return 1 }
        return 0
    }
    return [int][Math]::Floor($Y * 3 / $Height)
}

# An 8-bit PNG (RGB, or grey with -Mask) of the given size. A picture is three horizontal bands (sky, sea,
# sand), each a left-to-right gradient; a mask is black with a white rectangle over its middle half, the
# region an edit may change. Few distinct rows, so it is quick to write and compresses to a few kilobytes.
function New-TestPng {
    param(
        [Parameter(Mandatory = $true)][string] $Path,
        [Parameter(Mandatory = $true)][int] $Width,
        [Parameter(Mandatory = $true)][int] $Height,
        [switch] $Mask
    )

    $channels = 3
    if ($Mask) { $channels = 1 }
    $rowLength = 1 + $Width * $channels   # filter byte 0 ("none"), then the pixels
    $rows = @{}
    for ($y = 0; $y -lt $Height; $y++) {
        $kind = Get-TestPngRowKind -Y $y -Height $Height -Mask:$Mask
        if ($rows.ContainsKey($kind)) { continue }
        $row = New-Object 'byte[]' $rowLength
        for ($x = 0; $x -lt $Width; $x++) {
            $t = [int](255 * $x / [Math]::Max(1, $Width - 1))
            if ($Mask) {
                if ($kind -eq 1 -and $x -ge [int]($Width / 4) -and $x -lt [int]($Width * 3 / 4)) { $row[1 + $x] = 255 }
            }
            else {
                $rgb = switch ($kind) {
                    0 { @((90 + $t / 3), (150 + $t / 4), 235) }    # sky
                    1 { @(20, (80 + $t / 3), (160 - $t / 4)) }     # sea
                    default { @(230, (200 - $t / 8), (150 - $t / 4)) }  # sand
                }
                for ($c = 0; $c -lt 3; $c++) { $row[1 + 3 * $x + $c] = [byte][Math]::Min(255, [int]$rgb[$c]) }
            }
        }
        $rows[$kind] = $row
    }

    # zlib around a raw deflate stream: header, data, Adler-32 of the uncompressed bytes. Adler-32 is
    # summed row by row: appending bytes d[0..n-1] to (a, b) gives a + sum(d) and b + n*a + sum((n - j) * d[j]).
    $sums = @{}
    foreach ($kind in @($rows.Keys)) {
        [long] $s = 0
        [long] $w = 0
        $row = $rows[$kind]
        for ($j = 0; $j -lt $row.Length; $j++) {
            $s += $row[$j]
            $w += [long]($row.Length - $j) * $row[$j]
        }
        $sums[$kind] = @(($s % 65521), ($w % 65521))
    }
    [long] $a = 1
    [long] $b = 0
    $zlib = New-Object System.IO.MemoryStream
    $zlib.WriteByte(0x78)
    $zlib.WriteByte(0x9C)
    $deflate = New-Object System.IO.Compression.DeflateStream -ArgumentList @($zlib, [System.IO.Compression.CompressionMode]::Compress, $true)
    for ($y = 0; $y -lt $Height; $y++) {
        $kind = Get-TestPngRowKind -Y $y -Height $Height -Mask:$Mask
        $deflate.Write($rows[$kind], 0, $rowLength)
        $b = ($b + $rowLength * $a + $sums[$kind][1]) % 65521
        $a = ($a + $sums[$kind][0]) % 65521
    }
    $deflate.Dispose()
    Write-BigEndianUInt32 -Stream $zlib -Value (($b -shl 16) -bor $a)

    $header = New-Object System.IO.MemoryStream
    Write-BigEndianUInt32 -Stream $header -Value $Width
    Write-BigEndianUInt32 -Stream $header -Value $Height
    $colourType = 2
    if ($Mask) { $colourType = 0 }
    foreach ($value in @(8, $colourType, 0, 0, 0)) { $header.WriteByte([byte]$value) }   # depth, colour type, deflate, no filter set, no interlace

    $png = New-Object System.IO.MemoryStream
    $signature = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
    $png.Write($signature, 0, $signature.Length)
    Write-PngChunk -Stream $png -Type 'IHDR' -Data $header.ToArray()
    Write-PngChunk -Stream $png -Type 'IDAT' -Data $zlib.ToArray()
    Write-PngChunk -Stream $png -Type 'IEND' -Data (New-Object 'byte[]' 0)
    [System.IO.File]::WriteAllBytes($Path, $png.ToArray())
}

function Write-JpegSegment {
    param([System.IO.Stream] $Stream, [byte] $Marker, [byte[]] $Data)

    $length = $Data.Length + 2
    foreach ($value in @(0xFF, $Marker, ($length -shr 8), ($length -band 0xFF))) { $Stream.WriteByte([byte]$value) }
    $Stream.Write($Data, 0, $Data.Length)
}

# A baseline greyscale JPEG of the given size that every decoder reads, flat mid-grey (the emulator's
# TestImages.Jpeg, tests/Bailian.Emulator/Samples/JpegSample.cs): every 8x8 block is coded as "DC unchanged,
# end of block" in four bits, so the file stays tiny.
function New-TestJpeg {
    param(
        [Parameter(Mandatory = $true)][string] $Path,
        [Parameter(Mandatory = $true)][int] $Width,
        [Parameter(Mandatory = $true)][int] $Height
    )

    $jpeg = New-Object System.IO.MemoryStream
    $jpeg.WriteByte(0xFF)
    $jpeg.WriteByte(0xD8)
    Write-JpegSegment -Stream $jpeg -Marker 0xE0 -Data ([byte[]](0x4A, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0))   # JFIF 1.1, 1:1, no thumbnail
    Write-JpegSegment -Stream $jpeg -Marker 0xDB -Data ([byte[]](@(0) + @(1) * 64))                                     # table 0, every step 1
    Write-JpegSegment -Stream $jpeg -Marker 0xC0 -Data ([byte[]](8, ($Height -shr 8), ($Height -band 0xFF), ($Width -shr 8), ($Width -band 0xFF), 1, 1, 0x11, 0))
    # One 2-bit Huffman code ("00") in each table: DC category 0, and AC end-of-block.
    $single = @(0, 1) + @(0) * 14 + @(0)
    Write-JpegSegment -Stream $jpeg -Marker 0xC4 -Data ([byte[]](@(0x00) + $single + @(0x10) + $single))
    Write-JpegSegment -Stream $jpeg -Marker 0xDA -Data ([byte[]](1, 1, 0x00, 0, 63, 0))                                 # one component, spectral 0-63
    $blocks = [long][Math]::Ceiling($Width / 8) * [long][Math]::Ceiling($Height / 8)
    $data = New-Object 'byte[]' ([int][Math]::Floor($blocks / 2))
    $jpeg.Write($data, 0, $data.Length)
    if ($blocks % 2 -eq 1) { $jpeg.WriteByte(0x0F) }   # the last half byte padded with ones
    $jpeg.WriteByte(0xFF)
    $jpeg.WriteByte(0xD9)
    [System.IO.File]::WriteAllBytes($Path, $jpeg.ToArray())
}
