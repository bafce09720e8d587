using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Provision;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Provision.ProvisionApi;

namespace Kizuna.Server.Tests.Provision;

/// <summary>An advisory down the chain: publish, hold at manual relays, release with a note, acknowledge, feedback, reach.</summary>
public sealed class AdvisoryFlowTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Publish_ToFinance_TravelsMinistryThenCeptoarThenOperator(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var ceptoar = await server.ApiClientAsync(BankCeptoar);
        using var bank = await server.ApiClientAsync(BankReporter);
        using var power = await server.ApiClientAsync(PowerReporter);

        var draft = await DraftAsync(nisc, Input("Finance VPN campaign " + kind));
        var id = Guid.Parse(draft["id"]!.GetValue<string>());

        // Who will see this: FSA relays (hop 1), the banks' CEPTOAR (hop 2), the bank (hop 3).
        var recipients = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/recipients");
        var rows = recipients["recipients"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var fsaRow = rows.Single(r => r["code"]!.GetValue<string>() == "FSA");
        Assert.Equal(1, fsaRow["hop"]!.GetValue<int>());
        Assert.Equal("relay", fsaRow["rule"]!.GetValue<string>());
        var cep = rows.Single(r => r["code"]!.GetValue<string>() == "SEC-FIN-BANK");
        Assert.Equal(2, cep["hop"]!.GetValue<int>());
        Assert.Equal("FSA", cep["parentCode"]!.GetValue<string>());
        var bankRow = rows.Single(r => r["code"]!.GetValue<string>() == "HIKARI-BANK");
        Assert.Equal(3, bankRow["hop"]!.GetValue<int>());
        Assert.Equal("SEC-FIN-BANK", bankRow["parentCode"]!.GetValue<string>());
        Assert.Equal("sector:finance", bankRow["rule"]!.GetValue<string>());
        Assert.DoesNotContain(rows, r => r["code"]!.GetValue<string>() == "AKEBONO-POWER");

        Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsync($"/api/v1/advisories/{id}/publish", null)).StatusCode);

        // FSA relays by hand in the demo: the bank sees nothing yet.
        Assert.Equal(HttpStatusCode.NotFound, (await bank.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await power.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
        var atFsa = await GetJsonAsync(fsa, $"/api/v1/advisories/{id}");
        Assert.True(atFsa["actions"]!["relay"]!.GetValue<bool>());
        Assert.DoesNotContain("<script", atFsa["bodyHtml"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await fsa.PostAsJsonAsync($"/api/v1/advisories/{id}/relay", new { note = (string?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bank.GetAsync($"/api/v1/advisories/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ceptoar.PostAsJsonAsync($"/api/v1/advisories/{id}/relay", new { note = "銀行各社は本日中に確認してください" })).StatusCode);

        var atBank = await GetJsonAsync(bank, $"/api/v1/advisories/{id}");
        Assert.Equal("銀行各社は本日中に確認してください", atBank["relayNotes"]![0]!["note"]!.GetValue<string>());
        Assert.Empty(atBank["audience"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await bank.PostAsync($"/api/v1/advisories/{id}/acknowledge", null)).StatusCode);

        var reach = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach");
        var hops = reach["byHop"]!.AsArray();
        Assert.Equal(3, hops.Count);
        var bankReach = reach["organizations"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == "HIKARI-BANK")!;
        Assert.NotNull(bankReach["acknowledgedAt"]);
        Assert.NotNull(bankReach["openedAt"]);

        // Every organisation reached has one notification in the outbox, keyed by advisory, revision and organisation.
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var received = await db.AdvisoryDeliveries.Where(d => d.AdvisoryId == id && d.ReceivedAt != null).Select(d => d.OrganizationId).ToListAsync();
        var notified = await db.Outbox.Where(m => m.Channel == AdvisoryNotifier.Channel && m.IdempotencyKey.StartsWith($"adv:{id:N}:")).Select(m => m.OrganizationId!.Value).ToListAsync();
        Assert.Equal(received.Order(), notified.Order());
    }
}
