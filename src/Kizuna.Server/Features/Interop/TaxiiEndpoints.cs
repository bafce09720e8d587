using System.Text.Json;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Interop;

/// <summary>
/// The TAXII 2.1 server (共通化・自動化) at <c>/taxii2/</c>: discovery, one API root
/// (<c>/taxii2/kizuna/</c>), collections, objects (get, add, delete), one object, its versions,
/// the manifest, and status. Authentication by HTTP Basic (e-mail and personal token) or Bearer;
/// every object in every answer passes the disclosure policy (in the Core queries).
/// </summary>
public static class TaxiiEndpoints
{
    public const string ApiRoot = "kizuna";
    public const string ApiRootPath = TaxiiMedia.PathPrefix + "/" + ApiRoot + "/";

    public static IEndpointRouteBuilder MapTaxiiEndpoints(this IEndpointRouteBuilder app)
    {
        var taxii = app.MapGroup(TaxiiMedia.PathPrefix).RequireAuthorization(Capabilities.Member).WithTags("TAXII 2.1")
            .AddEndpointFilter(async (ctx, next) => TaxiiMedia.Accepts(ctx.HttpContext.Request)
                ? await next(ctx)
                : new TaxiiError(406, "Send 'Accept: application/taxii+json;version=2.1'; this server answers TAXII 2.1 only."));

        taxii.MapGet("/", (HttpRequest request, IOptions<TaxiiOptions> options) => TaxiiJson.Result(w =>
            {
                w.WriteString("title", "Kizuna TAXII 2.1 (絆)");
                w.WriteString("description", "Threat intelligence of the critical-infrastructure community, under its disclosure policy (TLP 2.0).");
                w.WriteString("default", AbsoluteApiRoot(request));
                w.WriteStartArray("api_roots");
                w.WriteStringValue(AbsoluteApiRoot(request));
                w.WriteEndArray();
            }))
            .WithSummary("TAXII discovery: the server and its API root.");

        var root = taxii.MapGroup("/" + ApiRoot);
        root.MapGet("/", (IOptions<TaxiiOptions> options) => TaxiiJson.Result(w =>
            {
                w.WriteString("title", "Kizuna");
                w.WriteString("description", "Collections: the community feed, one per sector, one per TLP level, and an inbox per organisation.");
                w.WriteStartArray("versions");
                w.WriteStringValue(TaxiiMedia.Taxii);
                w.WriteEndArray();
                w.WriteNumber("max_content_length", options.Value.MaxEnvelopeBytes);
            }))
            .WithSummary("TAXII API root: versions and the largest envelope accepted.");

        root.MapGet("/collections/", async (TaxiiCollections collections, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var list = await collections.ListAsync(await viewers.RequireAsync(ct), ct);
                return TaxiiJson.Result(w =>
                {
                    if (list.Count == 0) return;
                    w.WriteStartArray("collections");
                    foreach (var c in list)
                    {
                        w.WriteStartObject();
                        TaxiiJson.WriteCollection(w, c);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            })
            .WithSummary("The collections I may read or write.");

        root.MapGet("/collections/{id}/", async (string id, TaxiiCollections collections, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var c = await collections.GetAsync(await viewers.RequireAsync(ct), id, ct);
                return TaxiiJson.Result(w => TaxiiJson.WriteCollection(w, c));
            })
            .WithSummary("One collection (by id or alias) and what I may do with it.");

        root.MapGet("/collections/{id}/objects/", async (string id, HttpRequest request, StixObjectQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var page = await q.ObjectsAsync(await viewers.RequireAsync(ct), id, Filter(request, q.Options), ct: ct);
                return TaxiiJson.Envelope(page);
            })
            .WithSummary("Objects of a collection: added_after, limit (default 100, at most 1000), next, match[id], match[type], match[version] (first, last (default), all, a timestamp), match[spec_version].");

        root.MapPost("/collections/{id}/objects/", async (string id, HttpContext http, AddStixObjectsHandler add, IOptions<TaxiiOptions> options,
                ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                if (!TaxiiMedia.IsTaxiiContent(http.Request))
                    return new TaxiiError(415, $"Send the envelope as 'Content-Type: {TaxiiMedia.Taxii}'; '{http.Request.ContentType}' is not accepted.");
                var max = options.Value.MaxEnvelopeBytes;
                using var envelope = await ReadEnvelopeAsync(http, max, ct);
                if (envelope is null) return new TaxiiError(413, $"The envelope is larger than the limit of {max} bytes (Taxii:MaxEnvelopeBytes).");
                var status = await add.HandleAsync(id, envelope, viewer, ct);
                return TaxiiJson.Result(w => TaxiiJson.WriteStatus(w, status), StatusCodes.Status202Accepted);
            })
            .WithSummary("Add the objects of an envelope (application/taxii+json;version=2.1) to a collection; answers 202 with the status resource listing each object's outcome.");

        root.MapGet("/collections/{id}/objects/{objectId}/", async (string id, string objectId, HttpRequest request, StixObjectQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var page = await q.ObjectsAsync(await viewers.RequireAsync(ct), id, Filter(request, q.Options), objectId, ct: ct);
                return TaxiiJson.Envelope(page);
            })
            .WithSummary("One object: its latest version by default; added_after, limit, next, match[version], match[spec_version].");

        root.MapDelete("/collections/{id}/objects/{objectId}/", async (string id, string objectId, HttpRequest request, StixObjectQueries q,
                DeleteStixObjectHandler delete, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var filter = Filter(request, q.Options);
                await delete.HandleAsync(id, objectId, filter, request.Query.ContainsKey("match[version]"), await viewers.RequireAsync(ct), ct);
                return TaxiiJson.Result(null);
            })
            .WithSummary("Delete an object's versions (all, or those match[version] and match[spec_version] choose); my organisation's objects only, or any as a coordinator analyst.");

        root.MapGet("/collections/{id}/objects/{objectId}/versions/", async (string id, string objectId, HttpRequest request, StixObjectQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var page = await q.VersionsAsync(await viewers.RequireAsync(ct), id, objectId, Filter(request, q.Options), ct);
                return TaxiiJson.Paged(page, "versions", (w, r) => w.WriteStringValue(TaxiiTime.Format(r.Version)));
            })
            .WithSummary("The versions of one object, oldest added first: added_after, limit, next, match[spec_version].");

        root.MapGet("/collections/{id}/manifest/", async (string id, HttpRequest request, StixObjectQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var page = await q.ObjectsAsync(await viewers.RequireAsync(ct), id, Filter(request, q.Options), withJson: false, ct: ct);
                return TaxiiJson.Paged(page, "objects", (w, r) =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", r.StixId);
                    w.WriteString("date_added", TaxiiTime.Format(r.DateAdded));
                    w.WriteString("version", TaxiiTime.Format(r.Version));
                    w.WriteString("media_type", TaxiiMedia.Stix);
                    w.WriteEndObject();
                });
            })
            .WithSummary("The manifest of a collection (id, date_added, version, media_type per object version), with the objects' filters and paging.");

        root.MapGet("/status/{statusId:guid}/", async (Guid statusId, StixObjectQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var status = await q.StatusAsync(await viewers.RequireAsync(ct), statusId, ct);
                return TaxiiJson.Result(w => TaxiiJson.WriteStatus(w, status));
            })
            .WithSummary("The status of an envelope my organisation posted: counts, successes, failures with their reasons, pendings.");
        // Anything else under /taxii2/ (another API root, a mistyped path) is a TAXII 404, not the fallback policy's 403.
        taxii.MapGet("/{**rest}", (string? rest) => new TaxiiError(404, $"There is no TAXII resource at /taxii2/{rest}; the API root is {ApiRootPath}."))
            .ExcludeFromDescription();
        return app;
    }

    private static string AbsoluteApiRoot(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{ApiRootPath}";

    private static ObjectFilter Filter(HttpRequest request, TaxiiOptions options)
    {
        string? Q(string name) => request.Query.TryGetValue(name, out var v) ? string.Join(",", v.ToArray()) : null;
        return ObjectFilter.Parse(Q("added_after"), Q("limit"), Q("next"), Q("match[id]"), Q("match[type]"), Q("match[version]"), Q("match[spec_version]"), options);
    }

    /// <summary>Reads and parses the body; null when it exceeds <paramref name="max"/> bytes. Malformed JSON is a 400.</summary>
    private static async Task<JsonDocument?> ReadEnvelopeAsync(HttpContext http, long max, CancellationToken ct)
    {
        if (http.Request.ContentLength > max) return null;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        try
        {
            return await JsonDocument.ParseAsync(buffer, new JsonDocumentOptions { MaxDepth = 64 }, ct);
        }
        catch (JsonException e)
        {
            throw new InputException("envelope", $"The body is not valid JSON: {e.Message}");
        }
    }
}

/// <summary>A TAXII error as an endpoint result.</summary>
public sealed record TaxiiError(int Status, string Description) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => TaxiiMedia.WriteErrorAsync(httpContext, Status, TaxiiMedia.TitleFor(Status), Description);
}
