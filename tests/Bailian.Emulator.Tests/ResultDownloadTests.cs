using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace Bailian.Tests.Emulator;

/// <summary>The result images: real PNGs behind signed, expiring, OSS-style URLs.</summary>
public sealed class ResultDownloadTests
{
    [Theory]
    [InlineData("qwen-image-plus", "1104*1472", 1104, 1472)]
    [InlineData("qwen-image", null, 1664, 928)]
    [InlineData("qwen-image-2.0", null, 2048, 2048)]
    [InlineData("qwen-image-2.0", "513*1024", 513, 1024)]
    [InlineData("wan2.6-t2i", "1696*960", 1696, 960)]
    public async Task Results_are_valid_pngs_of_the_requested_size(string model, string? size, int width, int height)
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var parameters = new JsonObject { ["n"] = 1 };
        if (size is not null)
        {
            parameters["size"] = size;
        }

        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation(model, parameters: parameters))).Single();
        using var response = await emulator.Http.GetAsync(url); // no Authorization: the signed URL is the credential
        var png = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png.Length, response.Content.Headers.ContentLength);
        Assert.Equal(new PngFile(width, height, 8, 2), PngFile.Parse(png));
    }

    [Fact]
    public async Task An_expired_url_is_refused_with_the_oss_xml_error()
    {
        var start = new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
        var clock = new ManualTimeProvider(start);
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation("qwen-image"))).Single();

        clock.Advance(TimeSpan.FromHours(24));
        using var lastSecond = await emulator.Http.GetAsync(url);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await emulator.Http.GetAsync(url);

        Assert.Equal(200, (int)lastSecond.StatusCode);
        Assert.Equal(403, (int)expired.StatusCode);
        Assert.Equal("application/xml", expired.Content.Headers.ContentType?.MediaType);
        var text = await expired.Content.ReadAsStringAsync();
        Assert.StartsWith("""<?xml version="1.0" encoding="UTF-8"?>""", text, StringComparison.Ordinal);
        var error = XElement.Parse(text);
        Assert.Equal(
            ["Code", "Message", "RequestId", "HostId", "Expires", "ServerTime"],
            error.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("AccessDenied", error.Element("Code")!.Value);
        Assert.Equal("Request has expired.", error.Element("Message")!.Value);
        Assert.Matches("^[0-9A-F]{24}$", error.Element("RequestId")!.Value);
        Assert.Equal("2026-05-05T10:00:00.000Z", error.Element("Expires")!.Value);
        Assert.Equal("2026-05-05T10:00:01.000Z", error.Element("ServerTime")!.Value);
        Assert.Equal(error.Element("RequestId")!.Value, expired.Headers.GetValues("x-oss-request-id").Single());
    }

    [Fact]
    public async Task The_url_lifetime_is_configurable()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock, ResultUrlLifetime = TimeSpan.FromMinutes(5) });
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation("qwen-image"))).Single();

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        using var response = await emulator.Http.GetAsync(url);

        Assert.Equal(403, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_tampered_or_unknown_id_is_no_such_key()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation("qwen-image"))).Single();
        var id = url.Segments[^1][..^".png".Length];
        var tampered = new Uri(url.AbsoluteUri.Replace(id, new string('0', id.Length), StringComparison.Ordinal));

        using var response = await emulator.Http.GetAsync(tampered);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("NoSuchKey", error.Element("Code")!.Value);
        Assert.Equal("The specified key does not exist.", error.Element("Message")!.Value);
    }

    [Fact]
    public async Task Editing_the_expiry_breaks_the_signature()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var emulator = await EmulatorSession.StartAsync(new() { TimeProvider = clock });
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation("qwen-image"))).Single();
        var expires = System.Web.HttpUtility.ParseQueryString(url.Query)["Expires"]!;
        var later = long.Parse(expires, CultureInfo.InvariantCulture) + 3600;

        using var response = await emulator.Http.GetAsync(new Uri(url.AbsoluteUri.Replace(
            "Expires=" + expires, "Expires=" + later.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        using var unsigned = await emulator.Http.GetAsync(new Uri(url.GetLeftPart(UriPartial.Path)));

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Code")!.Value);
        Assert.Equal(403, (int)unsigned.StatusCode);
        Assert.Equal("AccessDenied", XElement.Parse(await unsigned.Content.ReadAsStringAsync()).Element("Code")!.Value);
    }

    [Fact]
    public async Task Downloads_ignore_the_latency_knob()
    {
        await using var emulator = await EmulatorSession.StartAsync();
        var url = EmulatorSession.ImageUrls(await emulator.GenerateOkAsync(Bodies.Generation("qwen-image"))).Single();
        emulator.Control.Latency = TimeSpan.FromSeconds(30);
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var response = await impatient.GetAsync(url);

        Assert.Equal(200, (int)response.StatusCode);
    }
}
