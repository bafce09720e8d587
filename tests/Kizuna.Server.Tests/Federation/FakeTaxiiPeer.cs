using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kizuna.Server.Tests.Federation;

/// <summary>
/// A tiny TAXII-ish server on loopback that pages badly on purpose: it answers GET objects with
/// <c>added_after</c> and <c>limit</c> only (never a <c>next</c>), sorted by <c>date_added</c>, with
/// the date-added headers; <see cref="Override"/> replaces the answer (garbage, 500s, huge bodies).
/// </summary>
public sealed class FakeTaxiiPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(JsonObject Object, DateTimeOffset DateAdded)> _objects = [];
    private readonly Lock _gate = new();
    private int _requests;

    private FakeTaxiiPeer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public string ApiRoot => new Uri(BaseAddress, "/api1/").ToString();
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>When set, answers every request instead of the well-formed (but next-less) default.</summary>
    public Func<HttpContext, int, Task<bool>>? Override { get; set; }

    public static async Task<FakeTaxiiPeer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeTaxiiPeer? peer = null;
        app.Run(async ctx => await peer!.HandleAsync(ctx));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        peer = new FakeTaxiiPeer(app, new Uri(address));
        return peer;
    }

    public void Add(JsonObject o, DateTimeOffset dateAdded)
    {
        lock (_gate) _objects.Add((o, dateAdded));
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var n = Interlocked.Increment(ref _requests);
        if (Override is { } o && await o(ctx, n)) return;
        if (!ctx.Request.Path.StartsWithSegments("/api1/collections/feed/objects"))
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        DateTimeOffset? after = ctx.Request.Query.TryGetValue("added_after", out var a)
            ? DateTimeOffset.Parse(a!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
        var limit = ctx.Request.Query.TryGetValue("limit", out var l) ? int.Parse(l!, CultureInfo.InvariantCulture) : 100;
        List<(JsonObject Object, DateTimeOffset DateAdded)> hits;
        lock (_gate) hits = _objects.Where(x => after is null || x.DateAdded > after).OrderBy(x => x.DateAdded).ToList();
        var page = hits.Take(limit).ToList();
        if (page.Count > 0)
        {
            ctx.Response.Headers["X-TAXII-Date-Added-First"] = Stamp(page[0].DateAdded);
            ctx.Response.Headers["X-TAXII-Date-Added-Last"] = Stamp(page[^1].DateAdded);
        }
        ctx.Response.ContentType = "application/taxii+json;version=2.1";
        var body = new JsonObject { ["more"] = hits.Count > page.Count, ["objects"] = new JsonArray(page.Select(p => (JsonNode)p.Object.DeepClone()).ToArray()) };
        await ctx.Response.WriteAsync(body.ToJsonString());
    }

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
