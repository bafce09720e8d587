using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Notices;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Core.Features.Directory.ReferenceDataFiles;

namespace Kizuna.Core.Features.Directory;

/// <summary>
/// Creates the fictitious demo community (<c>--demo</c>): security bodies, CEPTOAR secretariats,
/// operators in every sector and region, peripheral members, an overseas partner, demo users and a
/// few notices. Runs once; nothing fictitious is created without it.
/// </summary>
public sealed class SeedDemoCommunityHandler(KizunaDb db, ReferenceDataLoader loader, AddUserHandler addUser, TimeProvider clock)
{
    /// <summary>The password of every demo user (README lists the users).</summary>
    public const string DemoPassword = "Kizuna-Demo-2026!";

    public async Task<bool> HandleAsync(CancellationToken ct = default)
    {
        if (await db.Organizations.AnyAsync(o => o.IsDemo, ct)) return false;
        var now = clock.GetUtcNow();
        var sectors = await db.Sectors.ToDictionaryAsync(s => s.Code, ct);
        var ceptoars = await db.Ceptoars.ToDictionaryAsync(c => c.Code, ct);
        loader.AddOrganizations(Read<OrganizationRow>("demo/organizations.json"), sectors, ceptoars, now, demo: true);
        await db.SaveChangesAsync(ct);

        var seeder = new AuditRecord("demo.seeded", ActorEmail: "system");
        foreach (var u in Read<UserRow>("demo/users.json"))
            await addUser.HandleAsync(new AddUser(u.Email, u.DisplayName, u.Org, u.Roles, DemoPassword, u.PlatformAdmin), seeder, ct);

        await AddNoticesAsync(now, ct);
        await AddRelaySettingsAsync(now, ct);
        await AddServiceDependenciesAsync(now, ct);
        return true;
    }

    /// <summary>The financial chain releases advisories by hand (FSA, then the banks' CEPTOAR), to show a manual relay; everyone else relays automatically.</summary>
    private async Task AddRelaySettingsAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var code in new[] { "FSA", "SEC-FIN-BANK" })
        {
            var org = await db.Organizations.SingleAsync(o => o.Code == code, ct);
            var settings = new OrganizationDeliverySettings(org.Id, now);
            settings.Change(true, true, [], null, null, RelayModes.Manual, now);
            db.DeliverySettings.Add(settings);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Plausible dependencies on electricity and telecoms (他分野の障害からの波及), with the power ↔ telecom cycle.</summary>
    private async Task AddServiceDependenciesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var services = await db.CriticalServices.ToDictionaryAsync(s => s.Code, s => s.Id, ct);
        foreach (var d in Read<ServiceDependencyRow>("demo/service-dependencies.json"))
        {
            if (!services.TryGetValue(d.Service, out var service) || !services.TryGetValue(d.DependsOn, out var dependsOn))
                throw new InvalidOperationException($"demo/service-dependencies.json names an unknown critical service: {d.Service} -> {d.DependsOn}.");
            db.ServiceDependencies.Add(new ServiceDependency(service, dependsOn, d.Impact, d.NoteJa, d.NoteEn, now));
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task AddNoticesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var nisc = await db.Organizations.SingleAsync(o => o.Code == "NISC", ct);
        var author = await db.Users.Where(u => u.OrganizationId == nisc.Id).Select(u => u.Id).FirstAsync(ct);
        var fsa = await db.Organizations.SingleAsync(o => o.Code == "FSA", ct);
        db.Notices.AddRange(
            new Notice("Kizuna デモ環境へようこそ / Welcome to the Kizuna demo",
                "この環境の組織・利用者はすべて架空です。\nEvery organisation and user here is fictitious.",
                new Distribution(Tlp.Clear, nisc.Id, []), author, now),
            new Notice("分野横断的演習の日程（予告） / Cross-sector exercise dates (preview)",
                "本年度の分野横断的演習は12月上旬に実施予定です。参加登録は追って案内します。",
                new Distribution(Tlp.Green, nisc.Id, [AudienceEntry.Community()]), author, now.AddMinutes(1)),
            new Notice("金融分野向け: 不審メールの増加について / Finance: rise in suspicious mail",
                "金融分野の事業者を狙う不審メールが増加しています。添付ファイルの取扱いに注意してください。",
                new Distribution(Tlp.Amber, nisc.Id, [AudienceEntry.Sector("finance")]), author, now.AddMinutes(2)),
            new Notice("金融庁限定: 調整中の案件 / FSA only: matter under coordination",
                "この項目は TLP:RED です。金融庁のみが閲覧できます。",
                new Distribution(Tlp.Red, nisc.Id, [AudienceEntry.Organization(fsa.Id)]), author, now.AddMinutes(3)));
        await db.SaveChangesAsync(ct);
    }
}
