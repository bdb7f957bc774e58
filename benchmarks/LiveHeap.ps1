#Requires -Version 7.0
<#
.SYNOPSIS
    The live heap of a pwsh session as rows go through New-BailianImage | Save-BailianImage (issue 12 item 2:
    flat from 2,000 to 100,000 rows).

.DESCRIPTION
    Run after a Release build (out/Bailian and the emulator's Release build), from any folder:
        dotnet pwsh -NoProfile -File benchmarks/LiveHeap.ps1 -Checkpoints 2000,10000,50000,100000
    One emulator process at zero latency (4 at once); one pwsh child runs the rows in chunks up to each
    checkpoint (one pipeline per chunk, as a script feeding a big CSV in parts would), deletes the saved files
    and the emulator's request log between chunks, and prints the live heap after a full collection at every
    checkpoint. Memory, not time: the wall clock is printed only to say how long it took.
#>
[CmdletBinding()]
param(
    [string] $Checkpoints = '2000,10000,50000,100000',
    [int] $ChunkRows = 10000,
    # Internal: the pwsh child's part; not for use by hand.
    [string] $Emulator
)

. (Join-Path $PSScriptRoot 'BenchmarkSupport.ps1')
$stops = @($Checkpoints -split ',' | ForEach-Object { [int]::Parse($_.Trim(), [cultureinfo]::InvariantCulture) } | Sort-Object)

if ($Emulator) {
    Import-Module $BenchmarkManifest
    $api = $Emulator + 'cn-beijing/api/v1'
    $out = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-liveheap-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $out
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $done = 0
    foreach ($stop in $stops) {
        while ($done -lt $stop) {
            $last = [math]::Min($stop, $done + $ChunkRows)
            ($done + 1)..$last | ForEach-Object { [pscustomobject]@{ prompt = "live heap row $_"; name = "row$_" } } |
                New-BailianImage -Endpoint $api -ApiKey 'sk-emulator-beijing' -ErrorAction Stop |
                Save-BailianImage -Path $out -ErrorAction Stop | Out-Null
            Get-ChildItem -LiteralPath $out -File | Remove-Item
            $null = Invoke-RestMethod -Method Delete -Uri ($Emulator + '_emulator/requests') -NoProxy
            $done = $last
        }

        [GC]::Collect()
        [GC]::WaitForPendingFinalizers()
        [GC]::Collect()
        'LIVEHEAP ' + (@{ rows = $done; bytes = [GC]::GetTotalMemory($true); seconds = $clock.Elapsed.TotalSeconds } | ConvertTo-Json -Compress)
    }

    Remove-Item -LiteralPath $out -Recurse -Force
    return
}

$server = Start-BenchmarkEmulator
try {
    $null = Invoke-RestMethod -Method Put -Uri ($server.Base + '_emulator/latency?ms=0') -NoProxy
    $null = Invoke-RestMethod -Method Put -Uri ($server.Base + '_emulator/limits?concurrentPerModel=4') -NoProxy
    $points = @(Invoke-BenchmarkChild $PSCommandPath 'LIVEHEAP' @('-Emulator', $server.Base, '-Checkpoints', $Checkpoints, '-ChunkRows', $ChunkRows))
    if ($points.Count -ne $stops.Count) { throw "the run stopped after $($points[-1].rows) rows" }
}
finally {
    Stop-BenchmarkEmulator $server
}

'| Rows | Live heap MB | Bytes a row since the first checkpoint | Wall s |'
'|---:|---:|---:|---:|'
foreach ($p in $points) {
    $perRow = if ($p.rows -gt $points[0].rows) { '{0:0.0}' -f (($p.bytes - $points[0].bytes) / ($p.rows - $points[0].rows)) } else { '—' }
    '| {0:N0} | {1:0.00} | {2} | {3:0} |' -f $p.rows, ($p.bytes / 1MB), $perRow, $p.seconds
}
