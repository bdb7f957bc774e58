using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Bailian.Emulator.Hosting;

namespace Bailian.Tests.Emulator;

/// <summary>The standalone command line, driven in-process (signals aside): scripts parse what it prints.</summary>
public sealed class StandaloneHostTests
{
    [Fact]
    public async Task It_prints_the_address_line_then_each_region_and_stops_cleanly()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync(); // serve nothing: start, print, stop

        var exit = await StandaloneHost.RunAsync(["--urls", "http://127.0.0.1:0"], output, error, stop.Token);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error.ToString());
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var first = Regex.Match(lines[0], @"^Bailian emulator listening on (http://127\.0\.0\.1:[1-9][0-9]*/)$");
        Assert.True(first.Success, lines[0]);
        var address = first.Groups[1].Value;
        Assert.Matches($@"^  cn-beijing +{address}cn-beijing/api/v1  key: sk-emulator-beijing$", lines[1]);
        Assert.Matches($@"^  ap-southeast-1 +{address}ap-southeast-1/api/v1  key: sk-emulator-singapore$", lines[2]);
        Assert.Matches($@"^  us-east-1 +{address}us-east-1/api/v1  key: sk-emulator-virginia$", lines[3]);
    }

    [Theory]
    [InlineData("--urls", "http://0.0.0.0:8765")]
    [InlineData("--urls=http://10.1.2.3:8765")]
    [InlineData("--port", "8765")]
    [InlineData("--urls")]
    public async Task A_bad_command_line_exits_2_with_a_message(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await StandaloneHost.RunAsync(args, output, error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output.ToString());
        Assert.NotEqual(string.Empty, error.ToString().Trim());
    }

    [Fact]
    public async Task A_non_loopback_address_is_named_in_the_message()
    {
        using var error = new StringWriter();

        await StandaloneHost.RunAsync(["--urls", "http://0.0.0.0:8765"], TextWriter.Null, error, CancellationToken.None);

        Assert.Contains("loopback", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", error.ToString(), StringComparison.Ordinal);
    }
}
