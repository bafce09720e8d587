using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kizuna.Core.Features.Interop;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Federation;

/// <summary>Where and as whom to reach a TAXII 2.1 API root.</summary>
public sealed record TaxiiConnection(Uri ApiRoot, string AuthScheme, string? User, string? Secret)
{
    public override string ToString() => ApiRoot.ToString();
}

/// <summary>A peer did not answer, or answered something that is not TAXII 2.1: the message says which, and what was asked.</summary>
public sealed class TaxiiClientException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>The query of a GET objects: <c>added_after</c>, <c>limit</c> and <c>next</c>.</summary>
public sealed record TaxiiObjectsQuery(DateTimeOffset? AddedAfter = null, int? Limit = null, string? Next = null);

/// <summary>One page of objects from a peer, with the paging hints it gave (any of which may be missing).</summary>
public sealed class TaxiiObjectsPage(JsonDocument document, IReadOnlyList<JsonElement> objects, bool more, string? next, DateTimeOffset? addedFirst, DateTimeOffset? addedLast) : IDisposable
{
    public IReadOnlyList<JsonElement> Objects { get; } = objects;
    public bool More { get; } = more;
    public string? Next { get; } = next;
    /// <summary><c>X-TAXII-Date-Added-First</c>, when the peer sent a valid one.</summary>
    public DateTimeOffset? DateAddedFirst { get; } = addedFirst;
    /// <summary><c>X-TAXII-Date-Added-Last</c>, when the peer sent a valid one.</summary>
    public DateTimeOffset? DateAddedLast { get; } = addedLast;

    public void Dispose() => document.Dispose();
}

/// <summary>A status resource (TAXII 2.1 §4.3) as a peer returned it.</summary>
public sealed record TaxiiRemoteStatus(string Id, string Status, int SuccessCount, int FailureCount, int PendingCount, IReadOnlyList<(string Id, string? Message)> Failures)
{
    public bool IsComplete => Status == "complete";
}

/// <summary>
/// The TAXII 2.1 client federation uses (typed <see cref="HttpClient"/>): a collection's objects
/// (with <c>added_after</c>, <c>limit</c>, <c>next</c>), adding an envelope and polling its status. It speaks <c>application/taxii+json;version=2.1</c>, authenticates with
/// Basic or Bearer, stops every request after <see cref="FederationOptions.RequestTimeout"/>, never
/// reads more than <see cref="FederationOptions.MaxResponseBytes"/>, and turns anything that is not
/// TAXII (a refused connection, a 500, HTML, broken JSON) into a <see cref="TaxiiClientException"/>
/// that says what was asked and what came back.
/// </summary>
public sealed class TaxiiClient(HttpClient http, IOptions<FederationOptions> options)
{
    public const string MediaType = "application/taxii+json;version=2.1";
    private const int ExcerptLength = 200;

    /// <summary>One page of a collection's objects.</summary>
    public async Task<TaxiiObjectsPage> ObjectsAsync(TaxiiConnection connection, string collection, TaxiiObjectsQuery query, CancellationToken ct = default)
    {
        var url = ObjectsUrl(connection, collection, query);
        var (doc, headers) = await SendAsync(HttpMethod.Get, url, connection, null, ct);
        try
        {
            var root = doc.RootElement;
            var objects = new List<JsonElement>();
            if (root.TryGetProperty("objects", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array) throw Garbage(url, "'objects' is not a list");
                objects.AddRange(list.EnumerateArray());
            }
            var more = root.TryGetProperty("more", out var m) && m.ValueKind == JsonValueKind.True;
            var next = root.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } s ? s : null;
            return new TaxiiObjectsPage(doc, objects, more, next, HeaderTime(headers, "X-TAXII-Date-Added-First"), HeaderTime(headers, "X-TAXII-Date-Added-Last"));
        }
        catch
        {
            doc.Dispose();
            throw;
        }
    }

    /// <summary>Posts an envelope (<c>{"objects": [...]}</c>) to a collection; the status the peer answered.</summary>
    public async Task<TaxiiRemoteStatus> AddObjectsAsync(TaxiiConnection connection, string collection, byte[] envelope, CancellationToken ct = default)
    {
        var url = new Uri(connection.ApiRoot, $"collections/{Uri.EscapeDataString(collection)}/objects/");
        var (doc, _) = await SendAsync(HttpMethod.Post, url, connection, envelope, ct);
        using (doc) return ParseStatus(url, doc.RootElement);
    }

    /// <summary>A status resource, to poll a pending add.</summary>
    public async Task<TaxiiRemoteStatus> StatusAsync(TaxiiConnection connection, string statusId, CancellationToken ct = default)
    {
        var url = new Uri(connection.ApiRoot, $"status/{Uri.EscapeDataString(statusId)}/");
        using var doc = await GetJsonAsync(url, connection, ct);
        return ParseStatus(url, doc.RootElement);
    }

    private static Uri ObjectsUrl(TaxiiConnection connection, string collection, TaxiiObjectsQuery query)
    {
        var q = new List<string>();
        if (query.AddedAfter is { } after) q.Add("added_after=" + Uri.EscapeDataString(TaxiiTime.Format(after)));
        if (query.Limit is { } limit) q.Add("limit=" + limit.ToString(CultureInfo.InvariantCulture));
        if (query.Next is { } next) q.Add("next=" + Uri.EscapeDataString(next));
        var path = $"collections/{Uri.EscapeDataString(collection)}/objects/" + (q.Count > 0 ? "?" + string.Join("&", q) : "");
        return new Uri(connection.ApiRoot, path);
    }

    private async Task<JsonDocument> GetJsonAsync(Uri url, TaxiiConnection connection, CancellationToken ct)
        => (await SendAsync(HttpMethod.Get, url, connection, null, ct)).Document;

    private async Task<(JsonDocument Document, HttpResponseHeaders Headers)> SendAsync(HttpMethod method, Uri url, TaxiiConnection connection, byte[]? body, CancellationToken ct)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.ParseAdd(MediaType);
        switch (connection.AuthScheme)
        {
            case PeerAuthSchemes.Basic:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.User}:{connection.Secret}")));
                break;
            case PeerAuthSchemes.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.Secret);
                break;
        }
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(MediaType);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TaxiiClientException($"{method} {url}: no answer within {o.RequestTimeout.TotalSeconds:0.###} s (Federation:RequestTimeout).", null, e);
        }
        catch (HttpRequestException e)
        {
            throw new TaxiiClientException($"{method} {url}: could not connect ({e.Message}).", null, e);
        }
        using (response)
        {
            byte[] bytes;
            try
            {
                bytes = await ReadCappedAsync(response, o.MaxResponseBytes, timeout.Token)
                        ?? throw new TaxiiClientException($"{method} {url}: the answer is larger than {o.MaxResponseBytes} bytes (Federation:MaxResponseBytes); nothing of it was used.", response.StatusCode);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new TaxiiClientException($"{method} {url}: the answer did not arrive within {o.RequestTimeout.TotalSeconds:0.###} s (Federation:RequestTimeout).", response.StatusCode, e);
            }
            catch (HttpRequestException e)
            {
                throw new TaxiiClientException($"{method} {url}: the connection broke while reading the answer ({e.Message}).", response.StatusCode, e);
            }
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
                throw new TaxiiClientException($"{method} {url} answered {status} {response.ReasonPhrase}: {ErrorText(bytes)}", response.StatusCode);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            if (contentType is null || !(contentType.Equals("application/taxii+json", StringComparison.OrdinalIgnoreCase)
                                         || contentType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
                throw new TaxiiClientException($"{method} {url} answered {status} with Content-Type '{contentType ?? "(none)"}', not TAXII JSON: {Excerpt(bytes)}", response.StatusCode);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 128 });
            }
            catch (JsonException e)
            {
                throw new TaxiiClientException($"{method} {url} answered {status} with a body that is not JSON ({e.Message}): {Excerpt(bytes)}", response.StatusCode, e);
            }
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new TaxiiClientException($"{method} {url} answered {status} with JSON that is not an object: {Excerpt(bytes)}", response.StatusCode);
            }
            return (doc, response.Headers);
        }
    }

    /// <summary>The body, or null when it is larger than <paramref name="max"/> (announced or actual).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpResponseMessage response, long max, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > max) return null;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static TaxiiRemoteStatus ParseStatus(Uri url, JsonElement root)
    {
        if (Str(root, "id") is not { } id || Str(root, "status") is not { } status) throw Garbage(url, "a status without 'id' and 'status'");
        var failures = new List<(string, string?)>();
        if (root.TryGetProperty("failures", out var f) && f.ValueKind == JsonValueKind.Array)
            foreach (var item in f.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Object) failures.Add((Str(item, "id") ?? "", Str(item, "message")));
        return new TaxiiRemoteStatus(id, status, Int(root, "success_count"), Int(root, "failure_count"), Int(root, "pending_count"), failures);
    }

    private static TaxiiClientException Garbage(Uri url, string what) => new($"{url}: not a TAXII 2.1 answer ({what}).");

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static int Int(JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var i) ? i : 0;

    private static DateTimeOffset? HeaderTime(HttpResponseHeaders headers, string name)
        => headers.TryGetValues(name, out var values) && DateTimeOffset.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>A TAXII error's title and description when the body is one, else an excerpt.</summary>
    private static string ErrorText(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && Str(doc.RootElement, "title") is { } title)
                return Str(doc.RootElement, "description") is { } d ? $"{title}: {d}" : title;
        }
        catch (JsonException)
        {
        }
        return Excerpt(body);
    }

    private static string Excerpt(byte[] body)
    {
        if (body.Length == 0) return "(empty body)";
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, ExcerptLength * 4));
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length > ExcerptLength ? clean[..ExcerptLength] + "…" : clean;
    }
}
