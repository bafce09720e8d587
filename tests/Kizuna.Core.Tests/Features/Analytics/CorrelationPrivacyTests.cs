using System.Text.Json;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Analytics.Correlation;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;
using Kizuna.Core.Paging;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Core.Tests.Features.Analytics;

/// <summary>
/// The correlation index kept current by report submissions, and its privacy rule: findings, lookups and
/// counts tell a viewer about items it may see and about the rest only as per-sector counts of at least
/// the minimum count (2 here); a TLP:RED report, its value and its sector never reach anyone it is not
/// addressed to; a reporting organisation never appears in any answer. Also the per-value cap, the
/// warning list, absurd windows and the rebuild.
/// </summary>
public sealed class CorrelationPrivacyTests
{
    private const string SharedIp = "203.0.113.9";
    private const string RedOnly = "red-only-canary.example.org";

    private static readonly Guid Coordinator = Guid.CreateVersion7(), Bank = Guid.CreateVersion7(), Power = Guid.CreateVersion7(),
        Power2 = Guid.CreateVersion7(), Rail = Guid.CreateVersion7(), Telecom = Guid.CreateVersion7();

    private static Viewer V(Guid org, string kind, params string[] sectors)
        => new(Guid.CreateVersion7(), "u@example.org", org, "ORG-" + org.ToString("N")[..6], kind, sectors, null, [Kizuna.Core.Features.Identity.OrgRoles.Analyst], false);

    private static readonly Viewer CoordinatorViewer = V(Coordinator, OrganizationKinds.Coordinator);
    private static readonly Viewer BankViewer = V(Bank, OrganizationKinds.Operator, "finance");
    private static readonly Viewer TelecomViewer = V(Telecom, OrganizationKinds.Operator, "telecom");

    private static async Task<CoreHost> HostAsync(DatabaseKind kind, int cap = 10_000)
        => await CoreHost.CreateAsync(kind, demo: false, settings: new Dictionary<string, string>
        {
            ["Correlation:MinimumCount"] = "2",
            ["Correlation:MaxOccurrencesPerKey"] = cap.ToString(),
        });

    /// <summary>Files a report's 第1報 straight into the server's database context (whose interceptor indexes its sanitized view).</summary>
    private static async Task<IncidentReport> FileAsync(CoreHost host, Guid org, string sector, Tlp tlp, IEnumerable<Guid> audience, params Indicator[] indicators)
    {
        await using var scope = host.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Kizuna.Core.Data.KizunaDb>();
        var now = DateTimeOffset.UtcNow;
        var pseudonym = "R-" + Guid.NewGuid().ToString("N")[..8];
        var report = new IncidentReport(org, Guid.CreateVersion7(), pseudonym, now);
        var content = new ReportContent { SectorCode = sector, Title = "Outage", EventTypes = ["system-unavailable"], CauseTypes = ["ddos"], Indicators = indicators };
        var view = new SanitizedReport(pseudonym, sector, null, null, null, "day", null, null, null, [], null, content.EventTypes, content.CauseTypes, 1, 0,
            "Outage", "Traffic flood.", "", "", "", indicators, [], 5, []);
        db.Reports.Add(report);
        db.ReportSubmissions.Add(report.Submit(SubmissionKinds.First, JsonSerializer.Serialize(content, ReportValidator.Json), content,
            JsonSerializer.Serialize(view, ReportValidator.Json), null,
            new ReportRouting(ReportRoutes.Ministry, null, IdentityDisclosures.None, ReportBases.Voluntary, null, tlp),
            audience.First(), audience, Guid.CreateVersion7(), now));
        await db.SaveChangesAsync();
        return report;
    }

    private sealed record World(IncidentReport BankReport, IncidentReport PowerReport, IncidentReport Power2Report, IncidentReport RedRailReport);

    private static async Task<World> SeedAsync(CoreHost host)
    {
        var ip = new Indicator("ipv4", SharedIp);
        var bank = await FileAsync(host, Bank, "finance", Tlp.Amber, [Bank, Coordinator], ip, new Indicator("domain", "evil.example.net"));
        var power = await FileAsync(host, Power, "electricity", Tlp.Amber, [Power, Coordinator], new Indicator("ip", "203[.]0[.]113[.]9"), new Indicator("domain", "Evil.Example.NET."));
        var power2 = await FileAsync(host, Power2, "electricity", Tlp.Green, [Power2], ip);
        var red = await FileAsync(host, Rail, "railway", Tlp.Red, [Rail], ip, new Indicator("domain", RedOnly));
        return new World(bank, power, power2, red);
    }

    private static async Task<string> EverythingAsync(CoreHost host, Viewer viewer)
    {
        await using var scope = host.CreateScope();
        var q = scope.ServiceProvider.GetRequiredService<CorrelationQueries>();
        var w = q.Window(null, null, 7);
        var page = PageRequest.From(1, 200);
        var parts = new object[]
        {
            await q.SharedAsync(viewer, w, page), await q.WavesAsync(viewer, w, page), await q.ClustersAsync(viewer, w, page),
            await q.LookupAsync(viewer, null, SharedIp, w), await q.LookupAsync(viewer, "domain", "evil.example.net", w), await q.StatusAsync(viewer),
        };
        return JsonSerializer.Serialize(parts, ReportValidator.Json);
    }

    [Theory]
    [MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Submit_ReportsWithIndicators_IndexesTheSanitizedValuesNormalizedOncePerReport(DatabaseKind kind)
    {
        await using var host = await HostAsync(kind);
        var world = await SeedAsync(host);
        await using var db = host.NewContext();
        var rows = await db.ObservableOccurrences.AsNoTracking().ToListAsync();
        var ipKey = ObservableNormalizer.Normalize(null, SharedIp)!.Id;
        Assert.Equal(4, rows.Count(r => r.KeyId == ipKey));
        Assert.Equal(2, rows.Count(r => r.Value == "evil.example.net"));
        Assert.All(rows, r => Assert.Equal(CorrelatedItemKinds.Report, r.ItemKind));
        Assert.Equal(world.BankReport.Pseudonym, rows.First(r => r.ItemId == world.BankReport.Id).Pseudonym);
        Assert.Equal(Tlp.Red, rows.First(r => r.ItemId == world.RedRailReport.Id).Tlp);
    }

    [Theory]
    [MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Findings_Coordinator_SeesTheItemsItMaySeeAndNothingOfTheRedReport(DatabaseKind kind)
    {
        await using var host = await HostAsync(kind);
        var world = await SeedAsync(host);
        await using var scope = host.CreateScope();
        var q = scope.ServiceProvider.GetRequiredService<CorrelationQueries>();
        var w = q.Window(null, null, 7);

        var shared = await q.SharedAsync(CoordinatorViewer, w, PageRequest.From(1, 50));

        var ip = Assert.Single(shared.Items, f => f.Value == SharedIp);
        Assert.Equal([world.BankReport.Id, world.PowerReport.Id], ip.Items.Select(i => i.Id).Order());
        // Finance: its own item; electricity: one visible, the GREEN one unseen is below the minimum count; railway is RED: nothing.
        Assert.Equal(["electricity", "finance"], ip.BySector.Select(s => s.SectorCode));
        Assert.All(ip.BySector, s => Assert.Null(s.Others));
        var clusters = await q.ClustersAsync(CoordinatorViewer, w, PageRequest.From(1, 50));
        var cluster = Assert.Single(clusters.Items);
        Assert.Equal([world.BankReport.Id, world.PowerReport.Id], cluster.Items.Select(i => i.Id).Order());
        Assert.Contains(cluster.SharedKeys, k => k.Value == "evil.example.net");
        Assert.DoesNotContain(RedOnly, await EverythingAsync(host, CoordinatorViewer));
    }

    [Theory]
    [MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Findings_Operator_LearnsOtherSectorsOnlyAsCountsAtOrAboveTheMinimum(DatabaseKind kind)
    {
        await using var host = await HostAsync(kind);
        var world = await SeedAsync(host);
        await using var scope = host.CreateScope();
        var q = scope.ServiceProvider.GetRequiredService<CorrelationQueries>();
        var w = q.Window(null, null, 7);

        // Electricity holds two AMBER/GREEN reports the bank may not see: at the minimum count of 2, told as a count.
        var shared = await q.SharedAsync(BankViewer, w, PageRequest.From(1, 50));
        var ip = Assert.Single(shared.Items);
        Assert.Equal(SharedIp, ip.Value);
        Assert.Equal([world.BankReport.Id], ip.Items.Select(i => i.Id));
        Assert.Equal([new SectorCount("electricity", 0, 2), new SectorCount("finance", 1, null)], ip.BySector);
        // evil.example.net: one unseen electricity report, below the minimum: no finding at all.
        Assert.DoesNotContain(shared.Items, f => f.Value == "evil.example.net");
        var lookup = await q.LookupAsync(BankViewer, "domain", "evil.example.net", w);
        Assert.Equal([new SectorCount("finance", 1, null)], lookup.BySector);

        // An operator that sees nothing: counts at the minimum only, no item, no time, never the RED railway report.
        var outside = await q.LookupAsync(TelecomViewer, "ip", SharedIp, w);
        Assert.Empty(outside.Items);
        Assert.Equal([new SectorCount("electricity", 0, 2)], outside.BySector);
        Assert.Empty((await q.SharedAsync(TelecomViewer, w, PageRequest.From(1, 50))).Items);
        await Assert.ThrowsAsync<NotFoundException>(() => q.ObservableAsync(TelecomViewer, ip.KeyId, w));
        Assert.Equal(SharedIp, (await q.ObservableAsync(BankViewer, ip.KeyId, w)).Value);
    }

    [Theory]
    [MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task LeakHunt_RedReportAndReporters_NeverReachOtherViewers(DatabaseKind kind)
    {
        await using var host = await HostAsync(kind);
        var world = await SeedAsync(host);
        // Two more RED railway reports: enough to pass any count threshold, still never counted for outsiders.
        await FileAsync(host, Rail, "railway", Tlp.Red, [Rail], new Indicator("ipv4", SharedIp), new Indicator("domain", RedOnly));
        await FileAsync(host, Rail, "railway", Tlp.Red, [Rail], new Indicator("ipv4", SharedIp), new Indicator("domain", RedOnly));
        var redSecrets = new[] { world.RedRailReport.Id.ToString("D"), world.RedRailReport.Pseudonym, Rail.ToString("D"), RedOnly, "railway" };
        var reporters = new[] { Bank, Power, Power2, Rail }.Select(g => g.ToString("D")).ToArray();

        foreach (var viewer in new[] { CoordinatorViewer, BankViewer, TelecomViewer, V(Power, OrganizationKinds.Operator, "electricity") })
        {
            var all = await EverythingAsync(host, viewer);
            foreach (var secret in redSecrets) Assert.DoesNotContain(secret, all);
            // No answer ever names a reporting organisation (the index never stores one).
            foreach (var org in reporters) Assert.DoesNotContain(org, all);
            await using var scope = host.CreateScope();
            var q = scope.ServiceProvider.GetRequiredService<CorrelationQueries>();
            var red = await q.LookupAsync(viewer, "domain", RedOnly, q.Window(null, null, 30));
            Assert.Empty(red.BySector);
            Assert.Empty(red.Items);
        }
        // The railway operator itself sees its RED reports.
        var rail = await EverythingAsync(host, V(Rail, OrganizationKinds.Operator, "railway"));
        Assert.Contains(world.RedRailReport.Id.ToString("D"), rail);
    }

    [Theory]
    [MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Index_ValueBeyondTheCap_IsMarkedOverCommonCountedAndNotStored(DatabaseKind kind)
    {
        await using var host = await HostAsync(kind, cap: 3);
        for (var i = 0; i < 5; i++)
            await FileAsync(host, Bank, "finance", Tlp.Amber, [Bank], new Indicator("domain", "cdn.popular.example"), new Indicator("ipv4", "8.8.8.8"));
        await using var db = host.NewContext();
        var key = ObservableNormalizer.Normalize("domain", "cdn.popular.example")!;
        Assert.Equal(3, await db.ObservableOccurrences.CountAsync(o => o.KeyId == key.Id));
        var mark = await db.OverCommonObservables.SingleAsync();
        Assert.Equal(key.Id, mark.KeyId);
        Assert.Equal(2, mark.Skipped);
        // 8.8.8.8 is on the seeded warning list: never stored.
        Assert.Equal(0, await db.ObservableOccurrences.CountAsync(o => o.Value == "8.8.8.8"));

        await using var scope = host.CreateScope();
        var q = scope.ServiceProvider.GetRequiredService<CorrelationQueries>();
        var status = await q.StatusAsync(CoordinatorViewer);
        Assert.Equal(1, status.OverCommonKeys);
        Assert.Equal("cdn.popular.example", Assert.Single(status.OverCommon!).Value);
        Assert.Null((await q.StatusAsync(BankViewer)).OverCommon);
        Assert.True((await q.LookupAsync(BankViewer, null, "cdn.popular.example", q.Window(null, null, 7))).OverCommon);
        Assert.True((await q.LookupAsync(BankViewer, null, "8.8.8.8", q.Window(null, null, 7))).OnWarningList);

        // A rebuild from scratch gives the same index.
        var rebuilt = await host.Services.GetRequiredService<RebuildCorrelationIndexHandler>().HandleAsync();
        Assert.Equal(5, rebuilt.Reports);
        Assert.Equal(3, rebuilt.Occurrences);
        Assert.Equal(1, rebuilt.OverCommonKeys);
    }

    [Theory]
    [MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task WarningList_CoordinatorAdminAddsAValue_ItsOccurrencesGoAndOthersMayNotEdit(DatabaseKind kind)
    {
        await using var host = await HostAsync(kind);
        await SeedAsync(host);
        await using var scope = host.CreateScope();
        var h = scope.ServiceProvider.GetRequiredService<EditCorrelationWarningsHandler>();
        var admin = CoordinatorViewer with { Roles = [Kizuna.Core.Features.Identity.OrgRoles.OrgAdmin] };

        await Assert.ThrowsAsync<ForbiddenException>(() => h.AddAsync(new AddCorrelationWarning(null, "evil.example.net", null), BankViewer with { Roles = [Kizuna.Core.Features.Identity.OrgRoles.OrgAdmin] }));
        await Assert.ThrowsAsync<InputException>(() => h.AddAsync(new AddCorrelationWarning("colour", "red", null), admin));
        var added = await h.AddAsync(new AddCorrelationWarning(null, "hxxp://Evil[.]Example[.]NET", "test"), admin);
        Assert.Equal("url", added.Type);
        var domain = await h.AddAsync(new AddCorrelationWarning("domain", "EVIL.example.net.", "shared hosting"), admin);
        await Assert.ThrowsAsync<ConflictException>(() => h.AddAsync(new AddCorrelationWarning(null, "evil.example.net", null), admin));

        await using (var db = host.NewContext())
            Assert.Equal(0, await db.ObservableOccurrences.CountAsync(o => o.Value == "evil.example.net"));
        await h.RemoveAsync(domain.Id, admin);
        Assert.DoesNotContain(await h.ListAsync(), w => w.Id == domain.Id);
        Assert.Contains(await h.ListAsync(), w => w.Value == "1.1.1.1");
    }

    [Theory]
    [InlineData(null, null, 0, "days")]
    [InlineData(null, null, 100_000, "days")]
    [InlineData("2026-01-10", "2026-01-01", null, "from")]
    [InlineData("1999-01-01", "2026-01-01", null, "from")]
    [InlineData("2020-01-01", "2026-01-01", null, "to")]
    [InlineData(null, "2999-01-01", null, "to")]
    public async Task Window_Absurd_IsRefusedNamingTheField(string? from, string? to, int? days, string field)
    {
        await using var host = await HostAsync(DatabaseKind.Sqlite);
        await using var scope = host.CreateScope();
        var q = scope.ServiceProvider.GetRequiredService<CorrelationQueries>();
        var e = Assert.Throws<InputException>(() => q.Window(from is null ? null : DateTimeOffset.Parse(from), to is null ? null : DateTimeOffset.Parse(to), days));
        Assert.Contains(field, e.Errors.Keys);
    }

    [Fact]
    public async Task Window_ArbitraryEdges_AreRoundedOutToWholeUtcDays()
    {
        await using var host = await HostAsync(DatabaseKind.Sqlite);
        await using var scope = host.CreateScope();
        var q = scope.ServiceProvider.GetRequiredService<CorrelationQueries>();
        var w = q.Window(DateTimeOffset.Parse("2026-03-01T13:45:00+09:00"), DateTimeOffset.Parse("2026-03-03T00:00:01Z"), null);
        Assert.Equal(DateTimeOffset.Parse("2026-03-01T00:00:00Z"), w.From);
        Assert.Equal(DateTimeOffset.Parse("2026-03-04T00:00:00Z"), w.To);
    }
}
