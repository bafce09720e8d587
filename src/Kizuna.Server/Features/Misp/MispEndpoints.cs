using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Misp;
using Kizuna.Server.Auth;
using Kizuna.Server.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Misp;

/// <summary>
/// MISP exchange (共通化・自動化): import MISP events into a TAXII collection (REST and the
/// <c>/intel/misp</c> form), and export a STIX report as a MISP event. The body of an import is
/// spooled to a temporary file as it arrives (never held in memory) and read forward by the
/// streaming MISP reader; the export is written with a <see cref="Utf8JsonWriter"/> as it is read.
/// </summary>
public static class MispEndpoints
{
    /// <summary>Room for the multipart envelope around the uploaded file on the form.</summary>
    public const long MultipartOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapMispEndpoints(this IEndpointRouteBuilder app)
    {
        var max = app.ServiceProvider.GetRequiredService<IOptions<MispOptions>>().Value.MaxEventBytes;
        var api = app.MapGroup("/api/v1/misp").RequireAuthorization(Capabilities.Member).WithTags("MISP");

        api.MapPost("/events", async Task<Ok<MispImportResult>> (string? collection, HttpContext http, ImportMispEventsHandler import, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                if (string.IsNullOrWhiteSpace(collection))
                    throw new InputException("collection", "Name the collection to import into: ?collection=<alias or id> (e.g. community, inbox-<your code>).");
                if (!http.Request.HasJsonContentType())
                    throw new BadHttpRequestException($"Send the MISP JSON as 'Content-Type: application/json'; '{http.Request.ContentType}' is not accepted.", StatusCodes.Status415UnsupportedMediaType);
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
                await using var spool = await SpoolAsync(http.Request.Body, http.Request.ContentLength, max, ct) ?? throw TooLarge(max);
                return TypedResults.Ok(await import.HandleAsync(collection.Trim(), spool, viewer, ct));
            })
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(new RequestSizeLimitAttribute(max))
            .WithSummary("Import MISP events ({\"Event\":{…}} or {\"response\":[…]}) into a TAXII collection I may write (?collection=alias): attributes, objects and ATT&CK galaxies become STIX objects, tlp:* tags TLP markings, each event a report. Answers the summary: added, already present, failures with reasons, unmapped types. Body up to Misp:MaxEventBytes.");

        api.MapGet("/events/{stixReportId}", async (string stixReportId, HttpContext http, MispEventQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var scope = await q.ScopeAsync(await viewers.RequireAsync(ct), MispEventQueries.AllLevels, auditReads: true, ct);
                var source = await q.FindAsync(scope, stixReportId, ct);
                return new MispEventResult(source, q, "private, no-store");
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A STIX report (or grouping) I may see, by STIX id or UUID, as a MISP event {\"Event\":{…}}: only the referenced objects I may see, each attribute tagged with its TLP.");

        app.MapPost("/intel/misp/import", async Task<RedirectHttpResult> (HttpContext http, IAntiforgery antiforgery, ImportMispEventsHandler import, ViewerAccessor viewers, CancellationToken ct) =>
            {
                try
                {
                    await antiforgery.ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    return Back(null, L.T("フォームの有効期限が切れました。ページを再読み込みしてください。", "The form has expired; reload the page and try again."));
                }
                IFormCollection form;
                try
                {
                    form = await http.Request.ReadFormAsync(ct);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return Back(null, L.T($"ファイルが大きすぎます（上限 {max} バイト）。", $"The file is too large (the limit is {max} bytes)."));
                }
                var collection = form["collection"].ToString();
                var file = form.Files.GetFile("file");
                if (string.IsNullOrWhiteSpace(collection)) return Back(null, L.T("コレクションを選んでください。", "Choose a collection."));
                if (file is null || file.Length == 0) return Back(collection, L.T("MISP の JSON ファイルを選んでください。", "Choose a MISP JSON file."));
                if (file.Length > max) return Back(collection, L.T($"ファイルが大きすぎます（{file.Length} バイト、上限 {max} バイト）。", $"The file is {file.Length} bytes; the limit is {max} bytes."));
                try
                {
                    await using var spool = await SpoolAsync(file.OpenReadStream(), file.Length, max, ct) ?? throw TooLarge(max);
                    var r = await import.HandleAsync(collection, spool, await viewers.RequireAsync(ct), ct);
                    var unmapped = r.Unmapped.Values.Sum();
                    return TypedResults.LocalRedirect(FormattableString.Invariant(
                        $"/intel/misp?collection={Uri.EscapeDataString(r.Collection)}&events={r.Events}&added={r.Added}&already={r.AlreadyPresent}&failed={r.FailureCount}&unmapped={unmapped}")
                        + (r.Failures.Count > 0 ? "&first=" + Uri.EscapeDataString(Cut(r.Failures[0].Reason)) : ""));
                }
                catch (DomainException e)
                {
                    var message = e is InputException i && i.Errors.Count > 0 ? string.Join(" ", i.Errors.SelectMany(x => x.Value)) : e.Message;
                    return Back(collection, Cut(message));
                }
            })
            .RequireAuthorization(Capabilities.Member)
            .WithMetadata(new RequestSizeLimitAttribute(max + MultipartOverhead))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Copies the body to a temporary file that deletes itself when closed, counting bytes; null when it
    /// is larger than <paramref name="max"/> (the copy stops there). The MISP reader reads the file twice.
    /// </summary>
    public static async Task<FileStream?> SpoolAsync(Stream body, long? declaredLength, long max, CancellationToken ct)
    {
        if (declaredLength > max) return null;
        var path = Path.Combine(Path.GetTempPath(), $"kizuna-misp-{Guid.NewGuid():N}.json");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > max)
                {
                    await file.DisposeAsync();
                    return null;
                }
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            await file.FlushAsync(ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static BadHttpRequestException TooLarge(long max)
        => new($"The MISP document is larger than the limit of {max} bytes (Misp:MaxEventBytes).", StatusCodes.Status413PayloadTooLarge);

    private static RedirectHttpResult Back(string? collection, string error)
        => TypedResults.LocalRedirect("/intel/misp?" + (collection is null ? "" : $"collection={Uri.EscapeDataString(collection)}&") + "error=" + Uri.EscapeDataString(error));

    private static string Cut(string s) => s.Length > 300 ? s[..300] + "…" : s;
}

/// <summary>A MISP event written straight to the response.</summary>
public sealed class MispEventResult(MispEventSource source, MispEventQueries queries, string cacheControl) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = cacheControl;
        await MispEventWriter.WriteAsync(http.Response.Body, source, queries, http.RequestAborted);
    }
}
