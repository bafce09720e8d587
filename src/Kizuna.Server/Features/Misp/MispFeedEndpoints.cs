using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Misp;
using Kizuna.Core.Features.Provision;
using Kizuna.Server.Auth;
using Kizuna.Stix;
using Kizuna.Stix.Misp;

namespace Kizuna.Server.Features.Misp;

/// <summary>
/// MISP feeds (MISP's feed format: <c>manifest.json</c>, <c>{uuid}.json</c>, <c>hashes.csv</c>) that a MISP
/// instance subscribes to as a "MISP Feed". The public feed (<c>/misp-feed/</c>, no sign-in) carries
/// TLP:CLEAR reports only. The member feed (<c>/misp-feed/member/</c>) is read with a personal token
/// in the header (MISP's feed setting "headers": <c>Authorization: Bearer kzn_…</c>; a read-only token
/// suffices) and carries what the disclosure policy lets the token's user see, up to TLP:AMBER;
/// AMBER+STRICT and RED never leave by feed. Inside each event, every referenced object passes the
/// same rule and level.
/// </summary>
public static class MispFeedEndpoints
{
    public const string PublicPrefix = "/misp-feed";
    public const string MemberPrefix = "/misp-feed/member";

    public static IEndpointRouteBuilder MapMispFeedEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(PublicPrefix).AllowAnonymous().WithTags("MISP");
        Map(open, async (q, ct) => await q.ScopeAsync(Viewer.Public, TlpChannels.PublicFeed, auditReads: false, ct), "public, max-age=300", "the public feed (TLP:CLEAR)");

        var member = app.MapGroup(MemberPrefix).RequireAuthorization(Capabilities.Member).WithTags("MISP");
        Map(member, async (q, ct) => await q.ScopeAsync(await q.ViewerAsync(ct), TlpChannels.MemberFeed, auditReads: false, ct), "private, no-store",
            "my member feed (what I may see, up to TLP:AMBER; token in the header)");
        return app;
    }

    private static void Map(RouteGroupBuilder group, Func<FeedContext, CancellationToken, Task<MispScope>> scopeOf, string cache, string which)
    {
        group.MapGet("/manifest.json", async (MispEventQueries q, ViewerAccessor viewers, HttpContext http, CancellationToken ct) =>
            {
                var headers = await q.FeedAsync(await scopeOf(new FeedContext(q, viewers), ct), ct);
                http.Response.ContentType = "application/json; charset=utf-8";
                http.Response.Headers.CacheControl = cache;
                await using var w = new Utf8JsonWriter(http.Response.Body);
                w.WriteStartObject();
                foreach (var h in headers) MispJsonWriter.WriteManifestEntry(w, h, MispEventWriter.DefaultOrgName, MispEventWriter.DefaultOrgUuid);
                w.WriteEndObject();
                await w.FlushAsync(ct);
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary($"MISP feed manifest of {which}: event uuid → info, date, Orgc, Tag, timestamps.");

        group.MapGet("/{eventUuid}.json", async (string eventUuid, MispEventQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                if (!Guid.TryParse(eventUuid, out var uuid)) throw new NotFoundException($"There is no event '{eventUuid}' in this feed.");
                var scope = await scopeOf(new FeedContext(q, viewers), ct);
                var source = await q.FindAsync(scope, uuid.ToString("D"), ct);
                return new MispEventResult(source, q, cache);
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary($"One event of {which}, as {{\"Event\":{{…}}}}.");

        group.MapGet("/hashes.csv", async (MispEventQueries q, ViewerAccessor viewers, HttpContext http, CancellationToken ct) =>
            {
                var scope = await scopeOf(new FeedContext(q, viewers), ct);
                // The feed's reports are read once, with their references; each event's references then stream.
                var sources = await q.FeedSourcesAsync(scope, ct);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.CacheControl = cache;
                await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 64 * 1024);
                foreach (var source in sources)
                {
                    var uuid = source.Header.Uuid.ToString("D");
                    await foreach (var value in MispEventWriter.ValuesAsync(source, q, ct))
                    {
                        await writer.WriteAsync(Md5(value));
                        await writer.WriteAsync(',');
                        await writer.WriteLineAsync(uuid);
                    }
                }
                await writer.FlushAsync(ct);
            })
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary($"MISP feed hashes.csv of {which}: MD5 of each attribute value, event uuid.");
    }

    private static string Md5(string value)
    {
#pragma warning disable CA5351 // MISP's feed format names values by their MD5; not used for security.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)));
#pragma warning restore CA5351
    }

    /// <summary>What a feed endpoint needs to find its viewer.</summary>
    private sealed record FeedContext(MispEventQueries Queries, ViewerAccessor Viewers)
    {
        public Task<MispScope> ScopeAsync(Viewer viewer, IReadOnlyList<Tlp> levels, bool auditReads, CancellationToken ct) => Queries.ScopeAsync(viewer, levels, auditReads, ct);
        public Task<Viewer> ViewerAsync(CancellationToken ct) => Viewers.RequireAsync(ct);
    }
}
