using Bailian.Benchmarks;
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
    BenchmarkRunner.Run<RequestOverhead>(args: args);
    return 0;
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
