using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Identity;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Interop;

/// <summary>
/// Demo threat intelligence (<c>--demo</c>), added once through the TAXII ingest as a NISC analyst:
/// in the community feed an indicator (TLP:GREEN), a malware and the relationship between them;
/// in the finance sector's collection an indicator at TLP:AMBER; in the electricity sector's one
/// an indicator at TLP:GREEN.
/// </summary>
public sealed class SeedDemoIntelHandler(KizunaDb db, ViewerFactory viewers, AddStixObjectsHandler add, TimeProvider clock)
{
    public const string AnalystEmail = "analyst@nisc.demo.kizuna.example";

    public async Task<bool> HandleAsync(CancellationToken ct = default)
    {
        if (await db.StixObjects.AnyAsync(ct)) return false;
        var analyst = await db.Users.AsNoTracking().Where(u => u.Email == AnalystEmail).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (analyst is null || await viewers.ForUserAsync(analyst.Value, ct) is not { } viewer) return false;
        var at = TaxiiTime.Format(TaxiiTime.ToMicroseconds(clock.GetUtcNow()).AddDays(-1));
        var green = TlpMarkings.StixId(Tlp.Green);
        var amber = TlpMarkings.StixId(Tlp.Amber);
        const string indicator = "indicator--7d5c1a36-3f0e-4d38-9a54-5b0c1e6f2a11";
        const string malware = "malware--2b9f7c44-8e1d-4c67-b0a3-4f6d9e8c1b22";

        await AddAsync("community", viewer, ct,
            new JsonObject
            {
                ["type"] = "indicator", ["spec_version"] = "2.1", ["id"] = indicator, ["created"] = at, ["modified"] = at,
                ["name"] = "C2 server of KizunaDemoLoader (デモ)", ["indicator_types"] = new JsonArray("malicious-activity"),
                ["pattern"] = "[ipv4-addr:value = '198.51.100.23']", ["pattern_type"] = "stix", ["valid_from"] = at,
                ["object_marking_refs"] = new JsonArray(green),
            },
            new JsonObject
            {
                ["type"] = "malware", ["spec_version"] = "2.1", ["id"] = malware, ["created"] = at, ["modified"] = at,
                ["name"] = "KizunaDemoLoader", ["is_family"] = true, ["malware_types"] = new JsonArray("remote-access-trojan"),
                ["object_marking_refs"] = new JsonArray(green),
            },
            new JsonObject
            {
                ["type"] = "relationship", ["spec_version"] = "2.1", ["id"] = "relationship--5e8a2d17-9c3b-4f5a-8d6e-1a2b3c4d5e33",
                ["created"] = at, ["modified"] = at, ["relationship_type"] = "indicates", ["source_ref"] = indicator, ["target_ref"] = malware,
                ["object_marking_refs"] = new JsonArray(green),
            });
        await AddAsync("sector-finance", viewer, ct, new JsonObject
        {
            ["type"] = "indicator", ["spec_version"] = "2.1", ["id"] = "indicator--0c6e4b58-1d2f-4a7b-8c9d-6e5f4a3b2c44", ["created"] = at, ["modified"] = at,
            ["name"] = "Phishing domain imitating bank sign-in (デモ)", ["indicator_types"] = new JsonArray("malicious-activity"),
            ["pattern"] = "[domain-name:value = 'login-hikari-bank.example']", ["pattern_type"] = "stix", ["valid_from"] = at,
            ["object_marking_refs"] = new JsonArray(amber),
        });
        await AddAsync("sector-electricity", viewer, ct, new JsonObject
        {
            ["type"] = "indicator", ["spec_version"] = "2.1", ["id"] = "indicator--9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c55", ["created"] = at, ["modified"] = at,
            ["name"] = "Scanner probing control-system ports (デモ)", ["indicator_types"] = new JsonArray("anomalous-activity"),
            ["pattern"] = "[network-traffic:dst_port = 502 AND network-traffic:src_ref.value = '203.0.113.77']", ["pattern_type"] = "stix", ["valid_from"] = at,
            ["object_marking_refs"] = new JsonArray(green),
        });
        return true;
    }

    private async Task AddAsync(string collection, Disclosure.Viewer viewer, CancellationToken ct, params JsonObject[] objects)
    {
        using var envelope = JsonDocument.Parse(new JsonObject { ["objects"] = new JsonArray(objects) }.ToJsonString());
        await add.HandleAsync(collection, envelope, viewer, ct);
    }
}
