using System.Net;
using System.Text.Json;
using Xunit;

namespace Kizuna.TestKit;

/// <summary>One event of the hotline's SSE stream.</summary>
public sealed record SseEvent(long Id, string Event, JsonElement Data, string Raw);

/// <summary>
/// A connected client of the hotline's SSE stream (<c>/api/v1/hotline/stream</c>): reads events,
/// keeps comments (heartbeats) aside. Gives up after a minute so a test never hangs.
/// </summary>
public sealed class SseClient : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _safety = new(TimeSpan.FromSeconds(60));

    private SseClient(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    public List<string> Comments { get; } = [];

    public static async Task<SseClient> ConnectAsync(HttpClient client, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/hotline/stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId.Value.ToString());
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        // The preamble is written once the subscription's starting point is fixed.
        Assert.Equal("retry: 5000", await stream._reader.ReadLineAsync(stream._safety.Token));
        return stream;
    }

    /// <summary>The next event; <paramref name="timeout"/> (default: the minute's safety limit) bounds the wait.</summary>
    public async Task<SseEvent> NextEventAsync(TimeSpan? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_safety.Token);
        if (timeout is not null) limit.CancelAfter(timeout.Value);
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(limit.Token) ?? throw new InvalidOperationException("The stream ended.");
            if (line.Length == 0)
            {
                if (lines.Count > 0 && lines.Any(l => l.StartsWith("id: ", StringComparison.Ordinal))) return Parse(lines);
                lines.Clear();
                continue;
            }
            if (line.StartsWith(':')) { Comments.Add(line); continue; }
            lines.Add(line);
        }
    }

    public static SseEvent Parse(List<string> lines)
    {
        string Field(string name) => lines.Single(l => l.StartsWith(name + ": ", StringComparison.Ordinal))[(name.Length + 2)..];
        return new SseEvent(long.Parse(Field("id")), Field("event"), JsonDocument.Parse(Field("data")).RootElement.Clone(), string.Join("\n", lines));
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
        _safety.Dispose();
    }
}
