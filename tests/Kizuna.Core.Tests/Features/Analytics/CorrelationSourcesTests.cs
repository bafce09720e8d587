using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Analytics.Correlation;
using Kizuna.Core.Features.Interop;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Core.Tests.Features.Analytics;

/// <summary>The index follows advisories (published, corrected, withdrawn) and STIX objects (stored, superseded, deleted) in the same save.</summary>
public sealed class CorrelationSourcesTests
{
    private static async Task<List<ObservableOccurrence>> RowsAsync(CoreHost host, Guid itemId)
    {
        await using var db = host.NewContext();
        return await db.ObservableOccurrences.AsNoTracking().Where(o => o.ItemId == itemId).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Advisory_PublishCorrectWithdraw_IndexFollows(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: false);
        var owner = Guid.CreateVersion7();
        var content = new AdvisoryContent { Title = "Phishing wave", Summary = "Mails link to hxxps://login-portal[.]example[.]net/", Body = "", Indicators = [new Indicator("domain", "login-portal.example.net")] };
        var advisory = new Advisory(content, new Distribution(Tlp.Green, owner, [AudienceEntry.Community()]), Guid.CreateVersion7(), DateTimeOffset.UtcNow);
        await using (var scope = host.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            db.Advisories.Add(advisory);
            await db.SaveChangesAsync();
        }
        Assert.Empty(await RowsAsync(host, advisory.Id)); // a draft is not correlated

        await using (var scope = host.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            var a = await db.Advisories.SingleAsync(x => x.Id == advisory.Id);
            a.Publish("2026-0001", [], DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        Assert.Equal(["domain:login-portal.example.net", "url:https://login-portal.example.net/"],
            (await RowsAsync(host, advisory.Id)).Select(r => r.Type + ":" + r.Value).Order());

        await using (var scope = host.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            var a = await db.Advisories.SingleAsync(x => x.Id == advisory.Id);
            a.Correct(content with { Summary = "", Indicators = [new Indicator("ipv4", "192.0.2.55")] }, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        Assert.Equal(["ipv4:192.0.2.55"], (await RowsAsync(host, advisory.Id)).Select(r => r.Type + ":" + r.Value));

        await using (var scope = host.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            var a = await db.Advisories.SingleAsync(x => x.Id == advisory.Id);
            a.Withdraw("wrong address", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        Assert.Empty(await RowsAsync(host, advisory.Id));
    }

    [Theory]
    [MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task StixObject_StoredThenDeleted_IndexFollows(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: false);
        var json = """{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","pattern_type":"stix","pattern":"[ipv4-addr:value = '198.51.100.23'] OR [file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']"}""";
        var record = new StixObjectRecord(1, Guid.CreateVersion7(), new StixObjectFacts("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "indicator", "2.1", null, Tlp.Amber, null),
            json, DateTimeOffset.UtcNow, new Distribution(Tlp.Amber, Guid.CreateVersion7(), [AudienceEntry.Community()]), Guid.CreateVersion7());
        await using (var scope = host.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            db.StixObjects.Add(record);
            await db.SaveChangesAsync();
        }
        var rows = await RowsAsync(host, record.Id);
        Assert.Equal(["ipv4:198.51.100.23", "md5:d41d8cd98f00b204e9800998ecf8427e"], rows.Select(r => r.Type + ":" + r.Value).Order());
        Assert.All(rows, r => Assert.Equal(CorrelatedItemKinds.StixObject, r.ItemKind));

        await using (var scope = host.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            db.StixObjects.Remove(await db.StixObjects.SingleAsync(o => o.Id == record.Id));
            await db.SaveChangesAsync();
        }
        Assert.Empty(await RowsAsync(host, record.Id));
    }
}
