using Bailian.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Bailian.Benchmarks -- <batch|downloads|overhead> [options]
return args.FirstOrDefault() switch
{
    "batch" => await BatchThroughput.RunAsync(Options.Parse(args.Skip(1))),
    "downloads" => await DownloadThroughput.RunAsync(Options.Parse(args.Skip(1))),
    "overhead" => RunOverhead(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int RunOverhead(string[] args)
{
    // BenchmarkDotNet builds a copy of this project, which it finds by looking up from the current directory: run it
    // from the repository, wherever it was launched, and keep its reports where the user launched it.
    var launchedIn = Environment.CurrentDirectory;
    var root = RepositoryRoot();
    if (root is null)
    {
        Console.Error.WriteLine("overhead: the repository (Bailian.Pwsh.sln) is not above " + AppContext.BaseDirectory);
        return 2;
    }

    Environment.CurrentDirectory = root;
    var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(launchedIn, "BenchmarkDotNet.Artifacts"));
    BenchmarkRunner.Run<RequestOverhead>(config, args);
    return 0;
}

static string? RepositoryRoot()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Bailian.Pwsh.sln")))
        {
            return folder.FullName;
        }
    }

    return null;
}

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project benchmarks/Bailian.Benchmarks -- <benchmark> [--name value ...]
          batch      --rows 200 --throttle 4 --latency-ms 2000 --limit 4 --rps 0 --retry-after-ms 1000
          downloads  --count 200 --bytes 4000000 --throttle 8
          overhead   (BenchmarkDotNet; its own options follow)
        """);
    return 2;
}
