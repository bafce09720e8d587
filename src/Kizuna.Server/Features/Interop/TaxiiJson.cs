using System.Text.Json;
using Kizuna.Core.Features.Interop;

namespace Kizuna.Server.Features.Interop;

/// <summary>Writes TAXII 2.1 resources (discovery, collections, envelopes, manifests, versions, status) as <c>application/taxii+json;version=2.1</c>.</summary>
public static class TaxiiJson
{
    public static IResult Result(Action<Utf8JsonWriter>? write, int status = StatusCodes.Status200OK, IReadOnlyList<StixRow>? rows = null)
        => new Resource(write, status, rows);

    /// <summary>An envelope (<c>more</c>, <c>next</c>, <c>objects</c>) with the objects as stored; <c>{}</c> when empty.</summary>
    public static IResult Envelope(StixPage page) => Paged(page, "objects", (w, r) => w.WriteRawValue(r.Json, skipInputValidation: true));

    /// <summary>A paged resource with the date-added headers.</summary>
    public static IResult Paged(StixPage page, string listName, Action<Utf8JsonWriter, StixRow> item)
        => Result(page.Rows.Count == 0 ? null : w =>
        {
            w.WriteBoolean("more", page.More);
            if (page.Next is not null) w.WriteString("next", page.Next);
            w.WriteStartArray(listName);
            foreach (var r in page.Rows) item(w, r);
            w.WriteEndArray();
        }, rows: page.Rows);

    public static void WriteCollection(Utf8JsonWriter w, CollectionAccess a)
    {
        w.WriteString("id", a.Collection.Id.ToString("D"));
        w.WriteString("title", a.Collection.Title);
        w.WriteString("description", a.Collection.Description);
        w.WriteString("alias", a.Collection.Alias);
        w.WriteBoolean("can_read", a.CanRead);
        w.WriteBoolean("can_write", a.CanWrite);
        w.WriteStartArray("media_types");
        w.WriteStringValue(TaxiiMedia.Stix);
        w.WriteEndArray();
    }

    public static void WriteStatus(Utf8JsonWriter w, TaxiiStatus s)
    {
        var details = s.ReadDetails();
        w.WriteString("id", s.Id.ToString("D"));
        w.WriteString("status", s.Status);
        w.WriteString("request_timestamp", TaxiiTime.Format(s.RequestTimestamp));
        w.WriteNumber("total_count", s.TotalCount);
        w.WriteNumber("success_count", s.SuccessCount);
        WriteDetails(w, "successes", details.Successes);
        w.WriteNumber("failure_count", s.FailureCount);
        WriteDetails(w, "failures", details.Failures);
        w.WriteNumber("pending_count", s.PendingCount);
        WriteDetails(w, "pendings", []);
    }

    private static void WriteDetails(Utf8JsonWriter w, string name, IReadOnlyList<StatusDetail> list)
    {
        w.WriteStartArray(name);
        foreach (var d in list)
        {
            w.WriteStartObject();
            w.WriteString("id", d.Id);
            if (d.Version is not null) w.WriteString("version", d.Version);
            if (d.Message is not null) w.WriteString("message", d.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private sealed class Resource(Action<Utf8JsonWriter>? write, int status, IReadOnlyList<StixRow>? rows) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = TaxiiMedia.Taxii;
            if (rows is { Count: > 0 })
            {
                http.Response.Headers["X-TAXII-Date-Added-First"] = TaxiiTime.Format(rows.Min(r => r.DateAdded));
                http.Response.Headers["X-TAXII-Date-Added-Last"] = TaxiiTime.Format(rows.Max(r => r.DateAdded));
            }
            if (write is null && status == StatusCodes.Status200OK && HttpMethods.IsDelete(http.Request.Method)) return;
            await using var w = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions
            {
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
            });
            w.WriteStartObject();
            write?.Invoke(w);
            w.WriteEndObject();
            await w.FlushAsync();
        }
    }
}
