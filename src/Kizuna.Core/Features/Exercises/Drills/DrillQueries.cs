using System.Globalization;
using System.Text;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Analytics.Trends.Exports;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Liaison;
using Kizuna.Stix;
using Kizuna.Stix.Json;
using Kizuna.Stix.Objects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>
/// Reads drills for a viewer, every read through <see cref="DisclosurePolicy.Drill"/> and
/// <see cref="DisclosurePolicy.VisibleDrills"/>: the originating organisation and the coordinator
/// see the drill and its report; an organisation the message has reached sees its own message; for
/// anyone else the drill does not exist (404).
/// </summary>
public sealed class DrillQueries(KizunaDb db, IOptions<DrillOptions> options, TimeProvider clock)
{
    private sealed record Row(Guid OrganizationId, string Code, string NameJa, string NameEn, int Hop, Guid ParentOrganizationId, string? SectorCode,
        bool Relays, DateTimeOffset? ReceivedAt, DateTimeOffset? AcknowledgedAt);

    public async Task<IReadOnlyList<DrillSummary>> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        var drills = await DisclosurePolicy.VisibleDrills(db.Set<Drill>().AsNoTracking(), db.Set<DrillRecipient>(), viewer)
            .OrderByDescending(d => d.ScheduledAt).Take(options.Value.MaxListed)
            .Join(db.Organizations.AsNoTracking(), d => d.OriginOrganizationId, o => o.Id, (d, o) => new { Drill = d, o.Code })
            .ToListAsync(ct);
        var ids = drills.Select(d => d.Drill.Id).ToList();
        var counts = await db.Set<DrillRecipient>().AsNoTracking().Where(r => ids.Contains(r.DrillId))
            .GroupBy(r => r.DrillId).Select(g => new { g.Key, Recipients = g.Count(), Acknowledged = g.Count(r => r.AcknowledgedAt != null) })
            .ToDictionaryAsync(g => g.Key, ct);
        var mine = await db.Set<DrillRecipient>().AsNoTracking().Where(r => ids.Contains(r.DrillId) && r.OrganizationId == viewer.OrganizationId).ToDictionaryAsync(r => r.DrillId, ct);
        return drills.Select(x =>
        {
            var m = mine.GetValueOrDefault(x.Drill.Id);
            var report = DisclosurePolicy.Drill(viewer, x.Drill.OriginOrganizationId, m?.ReceivedAt is not null) == DrillAccess.Report;
            var c = counts.GetValueOrDefault(x.Drill.Id);
            return Summary(x.Drill, x.Code, report ? c?.Recipients ?? 0 : null, report ? c?.Acknowledged ?? 0 : null, m);
        }).ToList();
    }

    public async Task<DrillDetail> GetAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var (drill, mine, access) = await AccessAsync(viewer, id, ct);
        var origin = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == drill.OriginOrganizationId, ct);
        int? recipients = null, acknowledged = null;
        if (access == DrillAccess.Report)
        {
            recipients = await db.Set<DrillRecipient>().CountAsync(r => r.DrillId == id, ct);
            acknowledged = await db.Set<DrillRecipient>().CountAsync(r => r.DrillId == id && r.AcknowledgedAt != null, ct);
        }
        var canCancel = drill.Status is DrillStates.Scheduled or DrillStates.Running
                        && access == DrillAccess.Report && viewer.OrganizationId == drill.OriginOrganizationId && StartDrillHandler.MayStart(viewer, drill.Direction);
        return new DrillDetail(Summary(drill, origin.Code, recipients, acknowledged, mine), drill.Message, origin.NameJa, origin.NameEn, drill.SectorCodes, drill.Route,
            CanAcknowledge: drill.IsRunning && mine is { ReceivedAt: not null, AcknowledgedAt: null },
            CanSeeReport: access == DrillAccess.Report, canCancel);
    }

    /// <summary>The drill messages that reached the viewer's organisation and wait for its acknowledgement, newest first.</summary>
    public async Task<IReadOnlyList<DrillAwaiting>> AwaitingAsync(Viewer viewer, int max, CancellationToken ct = default)
        => await (from r in db.Set<DrillRecipient>().AsNoTracking()
                  join d in db.Set<Drill>().AsNoTracking() on r.DrillId equals d.Id
                  join o in db.Organizations.AsNoTracking() on d.OriginOrganizationId equals o.Id
                  where r.OrganizationId == viewer.OrganizationId && r.ReceivedAt != null && r.AcknowledgedAt == null && d.Status == DrillStates.Running
                  orderby d.StartedAt descending
                  select new DrillAwaiting(d.Id, d.Title, o.Code, r.Relays, r.ReceivedAt!.Value, d.ClosesAt)).Take(max).ToListAsync(ct);

    public async Task<DrillReport> ReportAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var (drill, mine, access) = await AccessAsync(viewer, id, ct);
        // A recipient sees its own message only: for it the report does not exist.
        if (access != DrillAccess.Report) throw new NotFoundException("No such drill.");
        var origin = await db.Organizations.AsNoTracking().Where(o => o.Id == drill.OriginOrganizationId).Select(o => o.Code).FirstAsync(ct);
        var rows = await (from r in db.Set<DrillRecipient>().AsNoTracking()
                          join o in db.Organizations.AsNoTracking() on r.OrganizationId equals o.Id
                          where r.DrillId == id
                          select new Row(r.OrganizationId, o.Code, o.NameJa, o.NameEn, r.Hop, r.ParentOrganizationId, r.SectorCode, r.Relays, r.ReceivedAt, r.AcknowledgedAt))
            .ToListAsync(ct);
        var acknowledged = rows.Count(r => r.AcknowledgedAt is not null);
        var layers = rows.GroupBy(r => r.Hop).OrderBy(g => g.Key)
            .Select(g => new DrillLayer(g.Key, g.Count(), g.Count(r => r.ReceivedAt is not null), g.Count(r => r.AcknowledgedAt is not null),
                Rate(g.Count(r => r.AcknowledgedAt is not null), g.Count()), TimeStats.Of(Seconds(g))))
            .ToList();
        var sectors = rows.GroupBy(r => r.SectorCode).OrderBy(g => g.Key is null ? 1 : 0).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DrillSectorRate(g.Key, g.Count(), g.Count(r => r.AcknowledgedAt is not null), Rate(g.Count(r => r.AcknowledgedAt is not null), g.Count()), TimeStats.Of(Seconds(g))))
            .ToList();
        var codes = rows.ToDictionary(r => r.OrganizationId, r => r.Code);
        codes[drill.OriginOrganizationId] = origin;
        var silent = rows.Where(r => r.AcknowledgedAt is null).OrderBy(r => r.Hop).ThenBy(r => r.SectorCode ?? "", StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var contacts = await ContactsAsync(viewer, silent.Select(r => r.OrganizationId).ToList(), ct);
        var nonResponders = silent.Select(r => new DrillNonResponder(r.Code, r.NameJa, r.NameEn, r.Hop, r.SectorCode, codes.GetValueOrDefault(r.ParentOrganizationId, "?"),
            r.ReceivedAt is not null, contacts.GetValueOrDefault(r.OrganizationId))).ToList();
        return new DrillReport(Summary(drill, origin, rows.Count, acknowledged, mine), rows.Count, rows.Count(r => r.ReceivedAt is not null), acknowledged,
            Rate(acknowledged, rows.Count), TimeStats.Of(Seconds(rows)), layers, sectors, nonResponders, await EarlierAsync(viewer, drill, ct));
    }

    /// <summary>The report as CSV (UTF-8 with a byte-order mark, every field formula-defused): one section per table.</summary>
    public async Task WriteCsvAsync(DrillReport r, Stream output, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        async Task Line(params object?[] fields) => await w.WriteAsync(Csv.Line(fields.Select(Text)));
        await Line("drill", r.Drill.Id, r.Drill.Direction, r.Drill.Title, r.Drill.Status, r.Drill.StartedAt, r.Drill.ClosesAt);
        await Line("section", "key", "recipients", "reached", "acknowledged", "rate", "min_seconds", "median_seconds", "max_seconds");
        await Line("total", "", r.Recipients, r.Reached, r.Acknowledged, r.Rate, r.Time.MinSeconds, r.Time.MedianSeconds, r.Time.MaxSeconds);
        foreach (var l in r.Layers) await Line("hop", l.Hop, l.Recipients, l.Reached, l.Acknowledged, l.Rate, l.Time.MinSeconds, l.Time.MedianSeconds, l.Time.MaxSeconds);
        foreach (var s in r.Sectors) await Line("sector", s.SectorCode ?? "", s.Recipients, "", s.Acknowledged, s.Rate, s.Time.MinSeconds, s.Time.MedianSeconds, s.Time.MaxSeconds);
        await Line("non_responder", "code", "name_ja", "name_en", "hop", "sector", "relayed_by", "received", "contacts");
        foreach (var n in r.NonResponders)
            await Line("non_responder", n.Code, n.NameJa, n.NameEn, n.Hop, n.SectorCode ?? "", n.ParentCode, n.Received ? "yes" : "no",
                n.Contacts is null ? "" : string.Join("; ", n.Contacts.Select(c => $"{c.Role}: {c.Name} {c.Email} {c.Phone}".Trim())));
        await Line("earlier", "id", "title", "started_at", "recipients", "acknowledged", "rate", "median_seconds");
        foreach (var e in r.Earlier) await Line("earlier", e.Id, e.Title, e.StartedAt, e.Recipients, e.Acknowledged, e.Rate, e.MedianSeconds);
        await w.FlushAsync(ct);
    }

    /// <summary>
    /// The drill message as a STIX 2.1 bundle: the originating organisation's identity and a note
    /// with the message, labelled <see cref="DrillLimits.StixLabel"/> and marked TLP:GREEN. Drills
    /// never enter TAXII collections; this is the only STIX a drill has.
    /// </summary>
    public async Task<string> StixAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var (drill, _, _) = await AccessAsync(viewer, id, ct);
        var origin = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == drill.OriginOrganizationId, ct);
        var created = StixTimestamp.From(drill.StartedAt ?? drill.CreatedAt);
        var identityId = "identity--" + StixIds.Uuid5(StixIds.Namespace, "kizuna-organization:" + origin.Code).ToString("D");
        var identity = new Kizuna.Stix.Objects.Identity { Id = identityId, Created = created, Modified = created, Name = origin.NameEn, IdentityClass = "organization" };
        var note = new Note
        {
            Id = "note--" + drill.Id.ToString("D"),
            Created = created,
            Modified = created,
            CreatedByRef = identityId,
            Abstract = DrillLimits.SubjectPrefix + " " + drill.Title,
            Content = drill.Message,
            ObjectRefs = StixList.From<string>([identityId]),
            Labels = StixList.From<string>([DrillLimits.StixLabel]),
            ObjectMarkingRefs = StixList.From<string>([TlpMarkings.StixId(Tlp.Green)]),
        };
        return StixJson.Serialize(new StixBundle { Id = "bundle--" + Guid.NewGuid().ToString("D"), Objects = StixList.From<StixObject>([identity, note]) });
    }

    private async Task<(Drill Drill, DrillMine? Mine, DrillAccess Access)> AccessAsync(Viewer viewer, Guid id, CancellationToken ct)
    {
        var drill = await db.Set<Drill>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("No such drill.");
        var row = await db.Set<DrillRecipient>().AsNoTracking().FirstOrDefaultAsync(r => r.DrillId == id && r.OrganizationId == viewer.OrganizationId, ct);
        var access = DisclosurePolicy.Drill(viewer, drill.OriginOrganizationId, row?.ReceivedAt is not null);
        if (access == DrillAccess.None) throw new NotFoundException("No such drill.");
        var mine = row is null ? null : new DrillMine(row.Hop, row.Relays, row.ReceivedAt, row.AcknowledgedAt, row.AcknowledgedVia, row.RelayedAt);
        return (drill, mine, access);
    }

    private async Task<Dictionary<Guid, IReadOnlyList<DrillContact>>> ContactsAsync(Viewer viewer, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var orgs = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(ct);
        var links = await db.Organizations.AsNoTracking().AsSplitQuery().Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, Sectors = o.Sectors.Select(s => s.Code).ToList(), Secretariats = o.Ceptoars.Select(c => c.SecretariatOrganizationId).ToList() })
            .ToDictionaryAsync(o => o.Id, ct);
        var ministries = await LiaisonDirectory.MinistriesBySectorAsync(db, clock.GetUtcNow(), ct);
        var result = new Dictionary<Guid, IReadOnlyList<DrillContact>>();
        foreach (var o in orgs)
        {
            var link = links[o.Id];
            var responsible = link.Sectors.SelectMany(s => ministries.GetValueOrDefault(s) ?? []).ToList();
            if (!DisclosurePolicy.CanSeeContacts(viewer, o, responsible, link.Secretariats.OfType<Guid>().ToList())) continue;
            result[o.Id] = o.Contacts.OrderBy(c => c.Role == "primary" ? 0 : 1).Select(c => new DrillContact(c.Name, c.Role, c.Email, c.Phone)).ToList();
        }
        return result;
    }

    private async Task<IReadOnlyList<DrillComparison>> EarlierAsync(Viewer viewer, Drill drill, CancellationToken ct)
    {
        var n = options.Value.CompareWithLast;
        if (n == 0) return [];
        var since = drill.StartedAt ?? DateTimeOffset.MaxValue;
        var earlier = await DisclosurePolicy.VisibleDrills(db.Set<Drill>().AsNoTracking(), db.Set<DrillRecipient>(), viewer)
            .Where(d => d.Id != drill.Id && d.Direction == drill.Direction && d.StartedAt != null && d.StartedAt < since && d.Status != DrillStates.Cancelled)
            .OrderByDescending(d => d.StartedAt).Take(n).ToListAsync(ct);
        // Only drills whose report the viewer may see (the filter above also lets through drills the viewer merely received).
        earlier = earlier.Where(d => DisclosurePolicy.Drill(viewer, d.OriginOrganizationId, false) == DrillAccess.Report).ToList();
        var ids = earlier.Select(d => d.Id).ToList();
        var rows = await db.Set<DrillRecipient>().AsNoTracking().Where(r => ids.Contains(r.DrillId))
            .Select(r => new { r.DrillId, r.ReceivedAt, r.AcknowledgedAt }).ToListAsync(ct);
        var byDrill = rows.ToLookup(r => r.DrillId);
        return earlier.Select(d =>
        {
            var g = byDrill[d.Id].ToList();
            var ack = g.Count(r => r.AcknowledgedAt is not null);
            var median = TimeStats.Of(g.Where(r => r.AcknowledgedAt is not null && r.ReceivedAt is not null).Select(r => (r.AcknowledgedAt!.Value - r.ReceivedAt!.Value).TotalSeconds)).MedianSeconds;
            return new DrillComparison(d.Id, d.Title, d.StartedAt!.Value, d.Status, g.Count, ack, Rate(ack, g.Count), median);
        }).ToList();
    }

    private static IEnumerable<double> Seconds(IEnumerable<Row> rows)
        => rows.Where(r => r.AcknowledgedAt is not null && r.ReceivedAt is not null).Select(r => (r.AcknowledgedAt!.Value - r.ReceivedAt!.Value).TotalSeconds);

    /// <summary>疎通確認率: acknowledged ÷ recipients, rounded to four places (0 without recipients).</summary>
    public static double Rate(int acknowledged, int recipients) => recipients == 0 ? 0 : Math.Round((double)acknowledged / recipients, 4);

    private static DrillSummary Summary(Drill d, string originCode, int? recipients, int? acknowledged, DrillRecipient? mine)
        => Summary(d, originCode, recipients, acknowledged, mine is null ? null : new DrillMine(mine.Hop, mine.Relays, mine.ReceivedAt, mine.AcknowledgedAt, mine.AcknowledgedVia, mine.RelayedAt));

    private static DrillSummary Summary(Drill d, string originCode, int? recipients, int? acknowledged, DrillMine? mine)
        => new(d.Id, d.Direction, d.Title, d.Status, originCode, d.ScheduledAt, d.StartedAt, d.ClosesAt, d.ClosedAt, recipients, acknowledged, mine);

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        double x => x.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
