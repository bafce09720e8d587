using Kizuna.Core.Features.Provision.Newsletter;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Provision.Newsletter;

/// <summary>
/// REST for the critical-infrastructure newsletter (重要インフラニュースレター): the archive, each
/// issue as the caller's organisation receives it, and the coordinator's draft, intro, preview and
/// release.
/// </summary>
public static class NewsletterEndpoints
{
    public static IEndpointRouteBuilder MapNewsletterEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/newsletters").RequireAuthorization(Capabilities.Member).WithTags("Provision");

        api.MapGet("/", async (NewsletterQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), ct)))
            .WithSummary($"Released issues, newest first (at most {NewsletterLimits.MaxListed}); the coordinator also sees drafts and the counts.");

        api.MapPost("/", async Task<Created<NewsletterView>> (DraftNewsletter body, DraftNewsletterHandler drafts, NewsletterQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var issue = await drafts.HandleAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/newsletters/{issue.Number}", await q.GetAsync(viewer, issue.Number, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Draft the issue for a half-month now: {year, month, half} (half 1 = 1st–15th, 2 = 16th–end, JST). Coordinator analysts; the period must have begun and lie in 2000 or later; 409 if it exists.");

        api.MapGet("/{number}", async (string number, NewsletterQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.GetAsync(await viewers.RequireAsync(ct), number, ct)))
            .WithSummary("One issue (e.g. 2026-11-1) as my organisation receives it: the intro and the advisories of the period that reached us. Drafts only for the coordinator.");

        api.MapPut("/{number}", async (string number, EditNewsletterIntro body, EditNewsletterIntroHandler edit, NewsletterQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await edit.HandleAsync(number, body, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, number, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary($"Edit the intro of a draft ({{introJa, introEn}}, each at most {NewsletterLimits.MaxIntroLength} characters). Coordinator analysts; 409 once released.");

        api.MapGet("/{number}/preview", async (string number, string? organization, NewsletterQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.PreviewAsync(await viewers.RequireAsync(ct), number, organization, ct)))
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Preview an issue as one recipient organisation (?organization=CODE): its entries and the exact e-mail in Japanese and English, and how many organisations get one. Coordinator analysts.");

        api.MapPost("/{number}/release", async (string number, ReleaseNewsletterHandler release, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await release.HandleAsync(number, await viewers.RequireAsync(ct), ct)))
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Release a draft: one e-mail per member of each organisation with at least one entry (and its extra addresses), in the member's language. Coordinator analysts; 409 if already released.");

        return app;
    }
}
