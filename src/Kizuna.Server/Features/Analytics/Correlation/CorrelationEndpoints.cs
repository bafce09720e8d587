using Kizuna.Core.Features.Analytics.Correlation;
using Kizuna.Core.Paging;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Analytics.Correlation;

/// <summary>
/// REST for cross-sector correlation (分野横断的なデータ分析: 相関分析). Every answer is built for the viewer by
/// <see cref="CorrelationQueries"/>: items it may see are listed, the rest only as per-sector counts of at
/// least the minimum count. Windows: <c>days</c> (1–max, default 7) or <c>from</c>/<c>to</c>, in whole UTC days.
/// </summary>
public static class CorrelationEndpoints
{
    private const string WindowHelp = " Window: days=N (default 7) or from=…&to=… (ISO 8601), rounded out to whole UTC days; 400 for an absurd window.";

    public static IEndpointRouteBuilder MapCorrelationEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/analytics/correlation").RequireAuthorization(Capabilities.Member).WithTags("Analytics");

        api.MapGet("/findings/shared", async (DateTimeOffset? from, DateTimeOffset? to, int? days, int? page, int? pageSize,
                CorrelationQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.SharedAsync(await viewers.RequireAsync(ct), q.Window(from, to, days), PageRequest.From(page, pageSize), ct)))
            .WithSummary("Observables I may see that were seen in two or more sectors within the window, with thresholded counts by sector." + WindowHelp);

        api.MapGet("/findings/waves", async (DateTimeOffset? from, DateTimeOffset? to, int? days, int? page, int? pageSize,
                CorrelationQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.WavesAsync(await viewers.RequireAsync(ct), q.Window(from, to, days), PageRequest.From(page, pageSize), ct)))
            .WithSummary("Event and cause types reported in three or more sectors within the window (waves), with thresholded counts by sector and the reports I may see." + WindowHelp);

        api.MapGet("/findings/clusters", async (DateTimeOffset? from, DateTimeOffset? to, int? days, int? page, int? pageSize,
                CorrelationQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ClustersAsync(await viewers.RequireAsync(ct), q.Window(from, to, days), PageRequest.From(page, pageSize), ct)))
            .WithSummary("Clusters of reports I may see that share observables (connected components, cut to Correlation:MaxClusterSize)." + WindowHelp);

        api.MapGet("/lookup", async (string? value, string? type, DateTimeOffset? from, DateTimeOffset? to, int? days,
                CorrelationQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.LookupAsync(await viewers.RequireAsync(ct), type, value, q.Window(from, to, days), ct)))
            .WithSummary("Where a value was seen: by sector, the items I may see exactly and the others only when at least the minimum count (no items, organisations or times of what I may not see). value=… (defanged forms accepted); type=ipv4|ipv6|ip|domain|url|md5|sha1|sha256|sha512|hash|email, or omitted to recognise it." + WindowHelp);

        api.MapGet("/observables/{key:guid}", async (Guid key, DateTimeOffset? from, DateTimeOffset? to, int? days,
                CorrelationQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ObservableAsync(await viewers.RequireAsync(ct), key, q.Window(from, to, days), ct)))
            .WithSummary("One observable by its key id, as the lookup answers it; 404 unless I may see one of its items in the window." + WindowHelp);

        api.MapGet("/status", async (CorrelationQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.StatusAsync(await viewers.RequireAsync(ct), ct)))
            .WithSummary("The index's size, the per-value cap, and the over-common values (listed for the coordinator's analysts and administrators only).");

        api.MapGet("/warning-list", async (EditCorrelationWarningsHandler h, CancellationToken ct) => TypedResults.Ok(await h.ListAsync(ct)))
            .WithSummary("The warning list: values never correlated (public resolvers, popular domains, …).");

        api.MapPost("/warning-list", async Task<Created<CorrelationWarningView>> (AddCorrelationWarning body, EditCorrelationWarningsHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var created = await h.AddAsync(body, await viewers.RequireAsync(ct), ct);
                return TypedResults.Created($"/api/v1/analytics/correlation/warning-list/{created.Id:D}", created);
            })
            .RequireAuthorization(Capabilities.OrgAdmin)
            .WithSummary("Add a value {\"type\",\"value\",\"note\"} to the warning list (the coordinator's administrators; audited); its stored occurrences are removed. 409 when listed already.");

        api.MapDelete("/warning-list/{id:guid}", async Task<NoContent> (Guid id, EditCorrelationWarningsHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.RemoveAsync(id, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.OrgAdmin)
            .WithSummary("Remove a value from the warning list (the coordinator's administrators; audited); run 'kizuna analytics rebuild' to index its past sightings.");
        return app;
    }
}
