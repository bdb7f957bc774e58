using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Bailian.Http;

namespace Bailian.Json;

/// <summary>
/// Reads a streamed answer (API doc §2.4: <c>X-DashScope-SSE: enable</c>, as wan2.6-image's interleaved mode needs)
/// into one <see cref="DashScopeResponse"/>. Each event is <c>id:</c>, <c>event:</c>, a <c>:HTTP_STATUS/nnn</c>
/// comment and a <c>data:</c> line with a body of the sync shape; the content items of all events are joined in
/// order (text pieces and images as they came), and the last event's usage, finish and request id are kept.
/// </summary>
internal static class ServerSentEvents
{
    /// <exception cref="DashScopeException">An event carries an error code (a failure after the stream began).</exception>
    /// <exception cref="JsonException">An event's data is not JSON.</exception>
    public static DashScopeResponse Read(string text)
    {
        var content = new List<ResponseContent>();
        var merged = new DashScopeResponse { Output = new ResponseOutput() };
        foreach (var (status, data) in Events(text))
        {
            var item = JsonSerializer.Deserialize(data, DashScopeJsonContext.Default.DashScopeResponse)
                ?? throw new JsonException("An event's data is empty.");
            merged.RequestId = item.RequestId ?? merged.RequestId;
            if (!string.IsNullOrEmpty(item.Code) || !string.IsNullOrEmpty(item.Output?.Code) || status >= 400)
            {
                throw new DashScopeException((HttpStatusCode)(status >= 400 ? status : 400), item.Code ?? item.Output?.Code,
                    item.Message ?? item.Output?.Message, merged.RequestId);
            }

            foreach (var choice in item.Output?.Choices ?? [])
            {
                content.AddRange(choice.Message?.Content ?? []);
            }

            merged.Usage = item.Usage ?? merged.Usage;
            merged.Output.Finished = item.Output?.Finished ?? merged.Output.Finished;
        }

        merged.Output.Choices = [new ResponseChoice { FinishReason = "stop", Message = new ResponseMessage { Role = "assistant", Content = content } }];
        return merged;
    }

    // Each event's HTTP_STATUS (200 when absent) and its data lines joined.
    private static IEnumerable<(int Status, string Data)> Events(string text)
    {
        var data = new StringBuilder();
        var status = 200;
        using var reader = new StringReader(text);
        for (var line = reader.ReadLine(); ; line = reader.ReadLine())
        {
            if (string.IsNullOrEmpty(line))
            {
                if (data.Length > 0)
                {
                    yield return (status, data.ToString());
                }

                data.Clear();
                status = 200;
                if (line is null)
                {
                    yield break;
                }

                continue;
            }

            if (line!.StartsWith(":HTTP_STATUS/", System.StringComparison.Ordinal))
            {
                int.TryParse(line.Substring(13).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out status);
            }
            else if (line.StartsWith("data:", System.StringComparison.Ordinal))
            {
                data.Append(line.Substring(5).TrimStart(' ')).Append('\n');
            }
        }
    }
}
