#Requires -Version 7.0
<#
.SYNOPSIS
    What the CPU per row of Import-Csv | New-BailianImage | Save-BailianImage is made of, at zero latency: the
    whole pipeline, New-BailianImage alone, a bare C# HttpClient client doing the same two calls and one file per
    row (no PowerShell per row: the floor no module can go under), and PowerShell's own pipeline.

.DESCRIPTION
    Run after a Release build (out/Bailian and the emulator's Release build), from any folder:
        dotnet pwsh -NoProfile -File benchmarks/CpuSplit.ps1 -Rows 10000 -Runs 3
    One emulator process (latency 0, 4 at once) serves every run; each run is a pwsh process of its own, which
    warms up on 50 rows and then reports its own CPU time around the measured pipeline.
#>
[CmdletBinding()]
param(
    [int] $Rows = 10000,
    [ValidateRange(1, 20)][int] $Runs = 3,
    # Internal: the pwsh child's part (one measurement); not for use by hand.
    [string] $Part,
    [string] $Api,
    [string] $Csv
)

. (Join-Path $PSScriptRoot 'BenchmarkSupport.ps1')
$key = 'sk-emulator-beijing'

if ($Part) {
    $out = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-cpusplit-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $out
    $floorSource = @'
using System; using System.IO; using System.Net.Http; using System.Text; using System.Text.Json; using System.Threading; using System.Threading.Tasks;
public static class BailianCpuFloor {
    static readonly HttpClient Http = new HttpClient();
    public static void Run(string api, string key, int first, int count, string outDir) {
        var gate = new SemaphoreSlim(4); var tasks = new Task[count];
        for (int i = 0; i < count; i++) { gate.Wait(); int n = first + i; tasks[i] = One(api, key, n, outDir).ContinueWith(t => gate.Release()); }
        Task.WaitAll(tasks);
    }
    static async Task One(string api, string key, int n, string outDir) {
        var body = "{\"model\":\"qwen-image-plus\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"row " + n + "\"}]}]},\"parameters\":{\"size\":\"1328*1328\",\"n\":1}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, api + "/services/aigc/multimodal-generation/generation") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        using var response = await Http.SendAsync(request).ConfigureAwait(false);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
        var url = answer.RootElement.GetProperty("output").GetProperty("choices")[0].GetProperty("message").GetProperty("content")[0].GetProperty("image").GetString();
        var bytes = await Http.GetByteArrayAsync(url).ConfigureAwait(false);
        var partial = Path.Combine(outDir, "." + n + ".partial");
        File.WriteAllBytes(partial, bytes);
        File.Move(partial, Path.Combine(outDir, "row" + n + ".png"));
    }
}
'@
    $run = switch ($Part) {
        'Pipeline' { { param($c) Import-Csv $c | New-BailianImage -Endpoint $Api -ApiKey $key | Save-BailianImage -Path $out | Out-Null } }
        'NewOnly' { { param($c) Import-Csv $c | New-BailianImage -Endpoint $Api -ApiKey $key | Out-Null } }
        'Floor' { { param($c) [BailianCpuFloor]::Run($Api, $key, 1, $Rows, $out) } }
        'PowerShell' { { param($c) 1..$Rows | ForEach-Object { [pscustomobject]@{ a = 1 } } | Out-Null } }
    }
    if ($Part -in 'Pipeline', 'NewOnly') { Import-Module $BenchmarkManifest }
    if ($Part -eq 'Floor') { Add-Type -TypeDefinition $floorSource }
    $warm = Join-Path $out 'warm.csv'
    Import-Csv $Csv | Select-Object -First 50 | Export-Csv -LiteralPath $warm -NoTypeInformation
    if ($Part -eq 'Floor') { [BailianCpuFloor]::Run($Api, $key, -50, 50, $out) } else { & $run $warm }
    Get-ChildItem -LiteralPath $out -Filter '*.png' | Remove-Item
    $self = [System.Diagnostics.Process]::GetCurrentProcess()
    $before = $self.TotalProcessorTime
    $userBefore = $self.UserProcessorTime
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    & $run $Csv
    $clock.Stop()
    $self.Refresh()
    $cpu = ($self.TotalProcessorTime - $before).TotalMilliseconds
    # User mode only, as a `curl --parallel` comparison counts it (the kernel's share is sockets and files).
    $user = ($self.UserProcessorTime - $userBefore).TotalMilliseconds
    Remove-Item -LiteralPath $out -Recurse -Force
    'SPLIT ' + (@{ part = $Part; wall = $clock.Elapsed.TotalSeconds; cpuMsPerRow = $cpu / $Rows; userMsPerRow = $user / $Rows } | ConvertTo-Json -Compress)
    return
}

$emulator = Start-BenchmarkEmulator
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-cpusplit-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
$csvPath = Join-Path $work 'rows.csv'
1..$Rows | ForEach-Object { [pscustomobject]@{ prompt = "cpu split row $_"; size = '1328*1328'; name = "row$_" } } |
    Export-Csv -LiteralPath $csvPath -NoTypeInformation -Encoding UTF8
$results = [System.Collections.Generic.List[object]]::new()
try {
    $null = Invoke-RestMethod -Method Put -Uri ($emulator.Base + '_emulator/latency?ms=0') -NoProxy
    $null = Invoke-RestMethod -Method Put -Uri ($emulator.Base + '_emulator/limits?concurrentPerModel=4') -NoProxy
    for ($i = 1; $i -le $Runs; $i++) {
        foreach ($part in 'Pipeline', 'NewOnly', 'Floor', 'PowerShell') {
            $r = Invoke-BenchmarkChild $PSCommandPath 'SPLIT' @('-Part', $part, '-Rows', $Rows, '-Api', ($emulator.Base + 'cn-beijing/api/v1'), '-Csv', $csvPath)
            Write-Host ('run {0}: {1,-10} {2:0.000} ms/row, user mode {3:0.000} (wall {4:0.0} s)' -f $i, $part, $r.cpuMsPerRow, $r.userMsPerRow, $r.wall)
            $results.Add($r)
        }
    }
}
finally {
    Stop-BenchmarkEmulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

"`n| Part | CPU ms/row, median (min-max) of $Runs | of which user mode |"
'|---|---:|---:|'
foreach ($g in ($results | Group-Object part)) {
    '| {0} | {1} | {2} |' -f $g.Name, (Format-Spread $g.Group.cpuMsPerRow), (Format-Spread $g.Group.userMsPerRow)
}
