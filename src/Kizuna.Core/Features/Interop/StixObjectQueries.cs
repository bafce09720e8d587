using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Interop;

/// <summary>
/// The filters and paging of the TAXII object endpoints (TAXII 2.1 §3.4–3.5), parsed and limited.
/// <c>match[version]</c> is a set of <c>first</c>, <c>last</c>, <c>all</c> and timestamps (default <c>last</c>);
/// <c>match[spec_version]</c> a set of versions (default: the latest, 2.1).
/// </summary>
public sealed record ObjectFilter(
    DateTimeOffset? AddedAfter, int Limit, long? After, IReadOnlyList<string> Ids, IReadOnlyList<string> Types,
    bool AllVersions, bool FirstVersion, bool LastVersion, IReadOnlyList<DateTimeOffset> VersionTimes, IReadOnlyList<string> SpecVersions)
{
    public const int MaxListValues = 100;
    public const int MaxVersionTimes = 20;

    /// <summary>Parses the query values; bad ones are a 400 naming the parameter.</summary>
    public static ObjectFilter Parse(string? addedAfter, string? limit, string? next, string? ids, string? types, string? versions, string? specVersions, TaxiiOptions options)
    {
        var check = new InputCheck();
        DateTimeOffset? after = null;
        if (addedAfter is not null)
        {
            if (TaxiiTime.TryParse(addedAfter, out var t)) after = t;
            else check.Add("added_after", "'added_after' must be a timestamp such as 2026-04-01T09:30:00.000Z.");
        }
        var size = options.DefaultPageSize;
        if (limit is not null)
        {
            if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l >= 1) size = Math.Min(l, options.MaxPageSize);
            else check.Add("limit", "'limit' must be a positive whole number.");
        }
        long? cursor = null;
        if (next is not null)
        {
            if (Cursor.TryDecode(next, out var c)) cursor = c;
            else check.Add("next", "'next' must be a value this server gave in an envelope's 'next'.");
        }
        var idList = Split(ids, "match[id]", check);
        var typeList = Split(types, "match[type]", check);
        var specList = Split(specVersions, "match[spec_version]", check);
        foreach (var s in specList) check.That(s is "2.0" or "2.1", "match[spec_version]", $"Unknown STIX version '{s}'; use 2.0 or 2.1.");
        var versionList = Split(versions, "match[version]", check);
        var times = new List<DateTimeOffset>();
        foreach (var v in versionList.Where(v => v is not ("all" or "first" or "last")))
        {
            if (TaxiiTime.TryParse(v, out var t)) times.Add(t);
            else check.Add("match[version]", $"'{Cut(v)}' is not 'first', 'last', 'all' or a timestamp.");
        }
        check.That(times.Count <= MaxVersionTimes, "match[version]", $"At most {MaxVersionTimes} timestamps in 'match[version]'.");
        check.ThrowIfInvalid("The TAXII query is invalid.");
        var noVersion = versionList.Count == 0;
        return new ObjectFilter(after, size, cursor, idList, typeList, versionList.Contains("all"), versionList.Contains("first"),
            noVersion || versionList.Contains("last"), times, specList.Count == 0 ? ["2.1"] : specList);
    }

    /// <summary>The filter the versions endpoint uses: every version, paging and spec version only.</summary>
    public ObjectFilter ForVersions() => this with { Ids = [], Types = [], AllVersions = true };

    private static List<string> Split(string? value, string name, InputCheck check)
    {
        if (value is null) return [];
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        check.That(parts.Count > 0, name, $"'{name}' is empty.");
        check.That(parts.Count <= MaxListValues, name, $"At most {MaxListValues} values in '{name}'.");
        foreach (var p in parts) check.That(p.Length <= StixObjectRecord.MaxStixIdLength, name, $"A value of '{name}' is longer than {StixObjectRecord.MaxStixIdLength} characters.");
        return parts;
    }

    private static string Cut(string s) => s.Length > 40 ? s[..40] + "…" : s;
}

/// <summary>The opaque <c>next</c> value: the sequence of the last object of the page.</summary>
public static class Cursor
{
    public static string Encode(long sequence) => Convert.ToBase64String(Encoding.ASCII.GetBytes("s" + sequence.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    public static bool TryDecode(string text, out long sequence)
    {
        sequence = 0;
        if (text.Length is 0 or > 40) return false;
        try
        {
            var padded = text + new string('=', (4 - text.Length % 4) % 4);
            var raw = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            return raw.StartsWith('s') && long.TryParse(raw.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>One stored object version as the TAXII endpoints answer it (<see cref="Json"/> is empty for manifests and versions).</summary>
public sealed record StixRow(long Sequence, string StixId, DateTimeOffset Version, DateTimeOffset DateAdded, string SpecVersion, string Json);

/// <summary>A page: the rows, whether more follow, and the <c>next</c> value when they do.</summary>
public sealed record StixPage(IReadOnlyList<StixRow> Rows, bool More, string? Next);

/// <summary>
/// Reads a collection's objects for a viewer. Every row passes <see cref="DisclosurePolicy.Visible{T}"/>
/// with its own distribution. Paging is a seek on the sequence (<c>next</c>), and <c>added_after</c>
/// becomes a sequence bound first (date_added never decreases with the sequence), so a page deep
/// in the collection costs what the first does. Objects returned with their content at
/// AMBER+STRICT or RED, of another organisation, are written to the audit trail (<c>item.read</c>).
/// </summary>
public sealed class StixObjectQueries(KizunaDb db, TaxiiCollections collections, AuditTrail audit, IOptions<TaxiiOptions> options)
{
    public TaxiiOptions Options => options.Value;

    /// <summary>Objects of a collection (GET …/objects/), or the versions of one object (GET …/objects/{id}/).</summary>
    public async Task<StixPage> ObjectsAsync(Viewer viewer, string collection, ObjectFilter filter, string? objectId = null, bool withJson = true, CancellationToken ct = default)
    {
        var c = (await collections.ReadableAsync(viewer, collection, ct)).Collection;
        var page = await PageAsync(viewer, c.Id, filter, objectId, withJson, ct);
        if (objectId is not null && page.Rows.Count == 0 && filter.After is null && filter.AddedAfter is null)
            throw new NotFoundException($"No object '{objectId}' you may see matches in this collection.");
        return page;
    }

    /// <summary>The versions of one object (GET …/objects/{id}/versions/); 404 if the viewer sees none.</summary>
    public async Task<StixPage> VersionsAsync(Viewer viewer, string collection, string objectId, ObjectFilter filter, CancellationToken ct = default)
    {
        var c = (await collections.ReadableAsync(viewer, collection, ct)).Collection;
        var page = await PageAsync(viewer, c.Id, filter.ForVersions(), objectId, false, ct);
        if (page.Rows.Count == 0 && filter.After is null && filter.AddedAfter is null)
            throw new NotFoundException($"No object '{objectId}' you may see is in this collection.");
        return page;
    }

    private async Task<StixPage> PageAsync(Viewer viewer, Guid collectionId, ObjectFilter f, string? objectId, bool withJson, CancellationToken ct)
    {
        var q = DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), viewer).Where(r => r.CollectionId == collectionId);
        if (objectId is not null) q = q.Where(r => r.StixId == objectId);
        if (f.Ids.Count > 0) q = q.Where(r => f.Ids.Contains(r.StixId));
        if (f.Types.Count > 0) q = q.Where(r => f.Types.Contains(r.Type));
        q = q.Where(r => f.SpecVersions.Contains(r.SpecVersion));
        if (!f.AllVersions) q = q.Where(VersionPredicate(f));
        if (f.AddedAfter is { } t)
        {
            var floor = await db.StixObjects.AsNoTracking().Where(r => r.CollectionId == collectionId && r.DateAdded > t)
                .OrderBy(r => r.DateAdded).ThenBy(r => r.Sequence).Select(r => (long?)r.Sequence).FirstOrDefaultAsync(ct);
            if (floor is null) return new StixPage([], false, null);
            q = q.Where(r => r.Sequence >= floor.Value);
        }
        if (f.After is { } after) q = q.Where(r => r.Sequence > after);
        // By id, the (collection, id, version) index finds the few rows and they are sorted after: ordering by
        // "Sequence + 0" keeps SQLite's planner from walking the (collection, sequence) index through the whole
        // collection to avoid that sort (it did, without statistics: 60–90 ms for one object at 30,000 objects, growing with the collection).
        var byId = objectId is not null || f.Ids.Count > 0;
        var ordered = (byId ? q.OrderBy(r => r.Sequence + 0) : q.OrderBy(r => r.Sequence)).Take(f.Limit + 1);
        var hits = withJson
            ? await ordered.Select(r => new Hit(new StixRow(r.Sequence, r.StixId, r.Version, r.DateAdded, r.SpecVersion, r.Json), r.Distribution.Tlp, r.Distribution.OwnerOrganizationId)).ToListAsync(ct)
            : await ordered.Select(r => new Hit(new StixRow(r.Sequence, r.StixId, r.Version, r.DateAdded, r.SpecVersion, ""), r.Distribution.Tlp, r.Distribution.OwnerOrganizationId)).ToListAsync(ct);
        var more = hits.Count > f.Limit;
        if (more) hits.RemoveAt(hits.Count - 1);
        if (withJson)
            await audit.AppendManyAsync(db, hits.Where(h => DisclosurePolicy.ReadIsAudited(h.Tlp) && h.Owner != viewer.OrganizationId)
                .Select(h => AuditRecord.By(viewer, "item.read", "stix-object", h.Row.StixId, $"{TlpMarkings.Label(h.Tlp)}, version {TaxiiTime.Format(h.Row.Version)}")).ToList(), ct);
        var rows = hits.Select(h => h.Row).ToList();
        return new StixPage(rows, more, more ? Cursor.Encode(rows[^1].Sequence) : null);
    }

    private sealed record Hit(StixRow Row, Tlp Tlp, Guid Owner);

    /// <summary><c>first</c> OR <c>last</c> OR version = t₁ OR …, as one expression the database evaluates.</summary>
    private static Expression<Func<StixObjectRecord, bool>> VersionPredicate(ObjectFilter f)
    {
        var r = Expression.Parameter(typeof(StixObjectRecord), "r");
        Expression body = Expression.Constant(false);
        if (f.FirstVersion) body = Expression.OrElse(body, Expression.Property(r, nameof(StixObjectRecord.IsFirst)));
        if (f.LastVersion) body = Expression.OrElse(body, Expression.Property(r, nameof(StixObjectRecord.IsLatest)));
        foreach (var t in f.VersionTimes)
        {
            // A closure member (not a constant) so each timestamp goes through the provider's value conversion as a parameter.
            Expression<Func<DateTimeOffset>> value = () => t;
            body = Expression.OrElse(body, Expression.Equal(Expression.Property(r, nameof(StixObjectRecord.Version)), value.Body));
        }
        return Expression.Lambda<Func<StixObjectRecord, bool>>(body, r);
    }

    /// <summary>A status resource; only the posting organisation sees it (404 for anyone else).</summary>
    public async Task<TaxiiStatus> StatusAsync(Viewer viewer, Guid id, CancellationToken ct = default)
        => await DisclosurePolicy.Visible(db.TaxiiStatuses.AsNoTracking(), viewer).FirstOrDefaultAsync(s => s.Id == id, ct)
           ?? throw new NotFoundException($"There is no status '{id}' for you.");
}
