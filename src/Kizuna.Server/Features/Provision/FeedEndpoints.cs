using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Provision;
using Kizuna.Core.Features.Provision.Feeds;
using Kizuna.Core.Features.Provision.Markdown;
using Kizuna.Server.Auth;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Provision;

/// <summary>
/// The Atom feeds and the signed e-mail links. The public feed carries TLP:CLEAR advisories only
/// (GREEN never goes to a public channel). A member's feed, read with a personal token (header, or
/// <c>?token=</c> for feed readers that cannot send headers: use a read-only token), carries what
/// reached the member's organisation up to TLP:AMBER; AMBER+STRICT and RED never leave by feed.
/// Feeds carry real advisories only, never an exercise's (<see cref="ExerciseIsolation"/>).
/// </summary>
public static class FeedEndpoints
{
    public const int MaxEntries = 50;

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feeds/advisories.atom", async (KizunaDb db, IOptions<DeliveryOptions> options, HttpContext http, CancellationToken ct) =>
            {
                // No one signed in: the system's view narrowed to what may be public.
                var items = await AdvisoryAccess.Readable(db, Viewer.System).AsNoTracking().RealOnly()
                    .Where(a => a.Status != AdvisoryStatus.Draft && TlpChannels.PublicFeed.Contains(a.Distribution.Tlp))
                    .OrderByDescending(a => a.PublishedAt).Take(MaxEntries).ToListAsync(ct);
                await WriteAsync(http, db, items, options.Value, "urn:kizuna:feed:public", "Kizuna 情報提供 (TLP:CLEAR)", "/feeds/advisories.atom", ct);
            })
            .AllowAnonymous()
            .WithTags("Provision")
            .WithSummary("Public Atom feed of TLP:CLEAR advisories.");

        app.MapGet("/feeds/member/advisories.atom", async (KizunaDb db, ViewerAccessor viewers, IOptions<DeliveryOptions> options, HttpContext http, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var org = viewer.OrganizationId;
                var items = await AdvisoryAccess.Readable(db, viewer).AsNoTracking().RealOnly()
                    .Where(a => a.Status != AdvisoryStatus.Draft && TlpChannels.MemberFeed.Contains(a.Distribution.Tlp))
                    .Where(a => a.Distribution.OwnerOrganizationId == org
                                || db.AdvisoryDeliveries.Any(d => d.AdvisoryId == a.Id && d.OrganizationId == org && d.ReceivedAt != null))
                    .OrderByDescending(a => a.PublishedAt).Take(MaxEntries).ToListAsync(ct);
                await WriteAsync(http, db, items, options.Value, $"urn:kizuna:feed:member:{viewer.UserId:N}", $"Kizuna 情報提供 — {viewer.OrganizationCode}", "/feeds/member/advisories.atom", ct);
            })
            .RequireAuthorization(Capabilities.Member)
            .WithTags("Provision")
            .WithSummary("My Atom feed: advisories that reached my organisation, up to TLP:AMBER. Authenticate with a token (header or ?token=).");

        app.MapGet("/l/{token}", async (string token, AdvisoryLinks links, RespondToAdvisoryHandler responses, TimeProvider clock, CancellationToken ct) =>
            {
                var link = links.Read(token, clock.GetUtcNow());
                if (link is null) return Results.Redirect("/advisories?error=link");
                await responses.RecordLinkOpenedAsync(link, ct);
                return Results.Redirect($"/advisories/{link.AdvisoryId}");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        return app;
    }

    private static async Task WriteAsync(HttpContext http, KizunaDb db, List<Advisory> items, DeliveryOptions options, string id, string title, string path, CancellationToken ct)
    {
        var baseUrl = options.PublicBaseUrl.TrimEnd('/');
        var owners = items.Select(a => a.Distribution.OwnerOrganizationId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => owners.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => $"{o.NameJa} ({o.Code})", ct);
        var entries = items.Select(a =>
        {
            var c = a.Content;
            var prefix = a.Status == AdvisoryStatus.Withdrawn ? "【取消 Withdrawn】" : a.Revision > 1 ? "【訂正 Corrected】" : "";
            return new AtomEntry($"urn:uuid:{a.Id}", $"{prefix}[{TlpMarkings.Label(a.Distribution.Tlp)}] {a.Number} {a.Title}",
                new Uri($"{baseUrl}/advisories/{a.Id}"), a.PublishedAt!.Value, a.UpdatedAt, c.Summary,
                AdvisoryMarkdown.ToSafeHtml(c.Body), [TlpMarkings.Label(a.Distribution.Tlp), $"severity:{a.Severity}"],
                names.GetValueOrDefault(a.Distribution.OwnerOrganizationId));
        }).ToList();
        var feed = new AtomFeed(id, title, new Uri(baseUrl + path), new Uri(baseUrl + "/advisories"),
            items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(a => a.UpdatedAt), entries);
        http.Response.ContentType = AtomFeedWriter.MediaType + "; charset=utf-8";
        http.Response.Headers.CacheControl = "private, no-store";
        await AtomFeedWriter.WriteAsync(feed, http.Response.Body, ct);
    }
}
