using System.Text;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Interop;
using Kizuna.Core.Features.Notices;
using Kizuna.Core.Features.Provision;
using Kizuna.Stix;
using Kizuna.Stix.Extraction;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Automation;

/// <summary>
/// Runs the enabled ingest rules (自動振り分け) over every record the TAXII store has just added, in
/// the same transaction (<see cref="IIngestHook"/>). Rules run in order; each acts on a record at most
/// once (<see cref="IngestRuleRun"/> is unique per rule and record). A copy a rule makes is run
/// through the rules again, except those that already acted on its chain of originals, so a chain
/// is never longer than the number of rules and no loop can form. Copies follow <see cref="CopyRule"/>;
/// an organisation is notified only of the records the disclosure policy lets it see, through a
/// notice addressed to it by name at the highest TLP listed and the organisation's mail settings.
/// Every rule that acted leaves one audit entry per envelope.
/// </summary>
public sealed class IngestRuleEngine(KizunaDb db, TaxiiCollections collections, AuditTrail audit, TimeProvider clock, IOptions<AutomationOptions> options,
    IOptions<DeliveryOptions> delivery) : IIngestHook
{
    public async Task AfterStoredAsync(IReadOnlyList<StixObjectRecord> added, CancellationToken ct)
    {
        if (added.Count == 0) return;
        var rules = await db.IngestRules.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Order).ThenBy(r => r.CreatedAt).ToListAsync(ct);
        if (rules.Count == 0) return;

        var all = await collections.AllAsync(ct);
        var byId = all.ToDictionary(c => c.Id);
        var codes = rules.SelectMany(r => r.ContributorOrganizations).Concat(rules.Where(r => r.NotifyOrganization != null).Select(r => r.NotifyOrganization!)).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => codes.Contains(o.Code))
            .Select(o => new { o.Id, o.Code, o.Kind, o.TrustTier, Sectors = o.Sectors.Select(s => s.Code).ToList() }).ToListAsync(ct);
        var orgByCode = orgs.ToDictionary(o => o.Code);
        var contributors = rules.ToDictionary(r => r.Id, r => (IReadOnlySet<Guid>)r.ContributorOrganizations.Where(orgByCode.ContainsKey).Select(c => orgByCode[c].Id).ToHashSet());

        var now = clock.GetUtcNow();
        var ids = added.Select(r => r.Id).ToList();
        var done = (await db.IngestRuleRuns.AsNoTracking().Where(x => ids.Contains(x.RecordId)).Select(x => new { x.RuleId, x.RecordId }).ToListAsync(ct))
            .Select(x => (x.RuleId, x.RecordId)).ToHashSet();
        var queue = new Queue<(StixObjectRecord Record, HashSet<Guid> Chain)>(added.Select(r => (r, new HashSet<Guid>())));
        var notify = new Dictionary<(Guid RuleId, Guid OrgId), List<(StixObjectRecord Record, string Alias)>>();
        var acted = new Dictionary<Guid, (int Applied, int Copies, int Refused)>();
        var copier = new Copier(db, clock);

        while (queue.TryDequeue(out var item))
        {
            var (record, chain) = item;
            // A collection the directory does not derive (none today) is not routed from.
            if (!byId.TryGetValue(record.CollectionId, out var source)) continue;
            foreach (var rule in rules)
            {
                if (chain.Contains(rule.Id) || !done.Add((rule.Id, record.Id))) continue;
                if (!RuleMatch.Holds(rule, record, source, contributors[rule.Id])) { done.Remove((rule.Id, record.Id)); continue; }
                var counts = acted.GetValueOrDefault(rule.Id);
                var target = (Record: record, Collection: source);
                Guid? copyId = null;
                if (rule.CopyToSector is { } sector)
                {
                    var to = all.FirstOrDefault(c => c.Kind == TaxiiCollectionKinds.Sector && c.Alias == "sector-" + sector);
                    if (to is null)
                    {
                        db.IngestRuleRuns.Add(new IngestRuleRun(rule.Id, record.Id, IngestRuleOutcomes.CopyRefused, null, $"There is no collection sector-{sector}.", now));
                        acted[rule.Id] = counts with { Refused = counts.Refused + 1 };
                        continue;
                    }
                    if (to.Id != source.Id)
                    {
                        var distribution = CopyRule.DistributionIn(to, record);
                        if (distribution is null || !CopyRule.NeverWider(record.Distribution, distribution))
                        {
                            db.IngestRuleRuns.Add(new IngestRuleRun(rule.Id, record.Id, IngestRuleOutcomes.CopyRefused, null,
                                $"A {TlpMarkings.Label(record.Distribution.Tlp)} object of {source.Alias} would reach a wider audience in {to.Alias}.", now));
                            acted[rule.Id] = counts with { Refused = counts.Refused + 1 };
                            continue;
                        }
                        var (copy, isNew) = await copier.CopyAsync(record, to, distribution, ct);
                        target = (copy, to);
                        copyId = copy.Id;
                        if (isNew)
                        {
                            counts = counts with { Copies = counts.Copies + 1 };
                            queue.Enqueue((copy, [.. chain, rule.Id]));
                        }
                    }
                }
                foreach (var tag in rule.AddTags) await AddTagAsync(target.Record.Id, tag, rule.Id, now, ct);
                if (rule.NotifyOrganization is { } code && orgByCode.TryGetValue(code, out var org))
                {
                    var orgViewer = Viewer.ForOrganization(org.Id, org.Code, org.Kind, org.Sectors, org.TrustTier);
                    if (DisclosurePolicy.CanSee(orgViewer, target.Record))
                    {
                        if (!notify.TryGetValue((rule.Id, org.Id), out var list)) notify[(rule.Id, org.Id)] = list = [];
                        list.Add((target.Record, target.Collection.Alias));
                    }
                }
                db.IngestRuleRuns.Add(new IngestRuleRun(rule.Id, record.Id, IngestRuleOutcomes.Applied, copyId, null, now));
                acted[rule.Id] = counts with { Applied = counts.Applied + 1 };
            }
        }
        if (acted.Count == 0) return;

        foreach (var ((ruleId, orgId), list) in notify)
            await NotifyAsync(rules.First(r => r.Id == ruleId), orgId, list, now, ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendManyAsync(db, acted.Select(a => AuditRecord.By(Viewer.System, "automation.rule-applied", "ingest-rule", a.Key.ToString("D"),
            $"{a.Value.Applied} objects acted on, {a.Value.Copies} copied, {a.Value.Refused} copies refused (never wider)")).ToList(), ct);
    }

    private async Task AddTagAsync(Guid recordId, string tag, Guid ruleId, DateTimeOffset now, CancellationToken ct)
    {
        var pending = db.ChangeTracker.Entries<StixObjectTag>().Any(e => e.Entity.RecordId == recordId && e.Entity.Tag == tag);
        if (pending || await db.StixObjectTags.AnyAsync(t => t.RecordId == recordId && t.Tag == tag, ct)) return;
        db.StixObjectTags.Add(new StixObjectTag(recordId, tag, ruleId, now));
    }

    /// <summary>
    /// One notice (and the organisation's mails) per rule and organisation per envelope. The notice is
    /// owned by and addressed to that organisation alone, at the highest TLP it lists; it lists only
    /// records the organisation may see (the caller checked), with indicator values defanged.
    /// </summary>
    private async Task NotifyAsync(IngestRule rule, Guid orgId, List<(StixObjectRecord Record, string Alias)> list, DateTimeOffset now, CancellationToken ct)
    {
        var tlp = list.Max(x => x.Record.Distribution.Tlp);
        var max = options.Value.MaxObjectsPerNotice;
        var name = rule.Name.Length > 80 ? rule.Name[..80] + "…" : rule.Name;
        var title = $"自動ルール「{name}」/ Rule '{name}': {list.Count}";
        var body = new StringBuilder();
        body.AppendLine($"自動振り分けルール「{rule.Name}」が {list.Count} 件の脅威情報を処理しました。");
        body.AppendLine($"The automation rule '{rule.Name}' acted on {list.Count} STIX objects.");
        body.AppendLine();
        foreach (var (record, alias) in list.Take(max))
        {
            var named = RuleMatch.NameOf(record) is { } n && n != record.Label ? IndicatorExtractor.DefangText(n) + " — " : "";
            body.AppendLine($"- [{TlpMarkings.Label(record.Distribution.Tlp)}] {record.Type} {named}{IndicatorExtractor.DefangText(record.Label ?? record.StixId)} ({alias}) {record.StixId}");
        }
        if (list.Count > max) body.AppendLine($"… +{list.Count - max}");
        var notice = new Notice(title, body.ToString(), new Distribution(tlp, orgId, [AudienceEntry.Organization(orgId)]), rule.CreatedByUserId, now);
        db.Notices.Add(notice);
        var text = body.ToString();
        var link = $"{delivery.Value.PublicBaseUrl.TrimEnd('/')}/notices/{notice.Id}";
        await OrganizationFanOut.AddAsync(db, orgId, $"rule:{rule.Id:N}:{notice.Id:N}", "automation.rule", urgent: false, now,
            box => new EmailPayload(box.Address, $"[Kizuna][{TlpMarkings.Label(tlp)}] {MailText.OneLine(title)}",
                TlpChannels.SummaryMayLeave(tlp)
                    ? $"{TlpMarkings.Label(tlp)}\n{text}\n{link}\n"
                    : $"{TlpMarkings.Label(tlp)}\n{(box.Japanese ? "内容はメールでは送りません。サインインしてお知らせをお読みください。" : "The content is not sent by e-mail. Please sign in and read the notice.")}\n{link}\n",
                null, box.Japanese ? "ja" : "en"),
            null, ct);
    }

    /// <summary>Makes copies in other collections with fresh sequence numbers after the current tail.</summary>
    private sealed class Copier(KizunaDb db, TimeProvider clock)
    {
        private long? _sequence;
        private DateTimeOffset _dateAdded;

        public async Task<(StixObjectRecord Copy, bool IsNew)> CopyAsync(StixObjectRecord original, TaxiiCollection to, Distribution distribution, CancellationToken ct)
        {
            var versions = await db.StixObjects.Where(r => r.CollectionId == to.Id && r.StixId == original.StixId).ToListAsync(ct);
            versions.AddRange(db.ChangeTracker.Entries<StixObjectRecord>()
                .Where(e => e.State == EntityState.Added && e.Entity.CollectionId == to.Id && e.Entity.StixId == original.StixId).Select(e => e.Entity));
            var present = original.HasTimestamps
                ? versions.FirstOrDefault(r => r.HasTimestamps && r.Version == original.Version)
                : versions.FirstOrDefault(r => !r.HasTimestamps);
            if (present is not null) return (present, false);
            if (_sequence is null)
            {
                await db.SaveChangesAsync(ct);
                var tail = await db.StixObjects.OrderByDescending(r => r.Sequence).Select(r => new { r.Sequence, r.DateAdded }).FirstAsync(ct);
                var now = TaxiiTime.ToMicroseconds(clock.GetUtcNow());
                _sequence = tail.Sequence;
                _dateAdded = tail.DateAdded > now ? tail.DateAdded : now;
            }
            var facts = new StixObjectFacts(original.StixId, original.Type, original.SpecVersion, original.HasTimestamps ? original.Version : null,
                original.Distribution.Tlp, original.Label);
            // The copy is linked to the original's sectors and to the sector of its new collection (StixSectors' first rule).
            var sectors = original.Sectors.Concat(to.Key.StartsWith("sector:", StringComparison.Ordinal) ? [to.Key["sector:".Length..]] : Array.Empty<string>()).Distinct().ToList();
            var copy = new StixObjectRecord((_sequence = _sequence.Value + 1).Value, to.Id, facts, original.Json, _dateAdded, distribution, original.ContributorUserId, sectors);
            db.StixObjects.Add(copy);
            versions.Add(copy);
            AddStixObjectsHandler.MarkEnds(versions);
            return (copy, true);
        }
    }
}
