using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Provision.Newsletter;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Provision.ProvisionApi;

namespace Kizuna.Server.Tests.Provision;

/// <summary>
/// The newsletter (重要インフラニュースレター): compiled per recipient organisation from what it may
/// read, previewed and released by the coordinator, mailed once per member, archived as pages.
/// </summary>
public sealed class NewsletterTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Release_PerRecipient_EachOrganisationGetsWhatReachedItAndRedTitlesNever(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var ceptoar = await server.ApiClientAsync(BankCeptoar);
        using var bank = await server.ApiClientAsync(BankReporter);
        using var power = await server.ApiClientAsync(PowerReporter);
        using var water = await server.ApiClientAsync(WaterViewer);

        var tag = Guid.NewGuid().ToString("N")[..10];
        var financeTitle = $"Finance VPN {tag}";
        var powerTitle = $"Grid ICS {tag}";
        var redTitle = $"KZRED-{tag} secret title";
        var finance = await PublishAsync(nisc, Input(financeTitle, "AMBER"));
        Assert.Equal(HttpStatusCode.OK, (await fsa.PostAsJsonAsync($"/api/v1/advisories/{finance}/relay", new { note = (string?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ceptoar.PostAsJsonAsync($"/api/v1/advisories/{finance}/relay", new { note = (string?)null })).StatusCode);
        var grid = await PublishAsync(nisc, Input(powerTitle, "GREEN", Audience(("sector", "electricity")), c => c["summary"] = $"Grid summary {tag}"));
        var red = await PublishAsync(nisc, Input(redTitle, "RED", Audience(("organization", "HIKARI-BANK")), c => c["summary"] = $"KZRED-{tag} summary"));
        // A ministry's advisory to the bank alone: the coordinator may not read it, not even through a preview.
        var fsaTitle = $"KZFSA-{tag} for the bank";
        var fsaOnly = await PublishAsync(fsa, Input(fsaTitle, "AMBER", Audience(("organization", "HIKARI-BANK"))));
        Assert.Equal(HttpStatusCode.OK, (await ceptoar.PostAsJsonAsync($"/api/v1/advisories/{fsaOnly}/relay", new { note = (string?)null })).StatusCode);
        var financeNumber = (await GetJsonAsync(nisc, $"/api/v1/advisories/{finance}"))["number"]!.GetValue<string>();
        var redNumber = (await GetJsonAsync(nisc, $"/api/v1/advisories/{red}"))["number"]!.GetValue<string>();
        Assert.NotNull(await GetJsonAsync(bank, $"/api/v1/advisories/{finance}"));
        Assert.NotNull(await GetJsonAsync(power, $"/api/v1/advisories/{grid}"));

        // The coordinator drafts the running period (it has begun, so it may be drafted early).
        var period = NewsletterPeriod.Containing(DateTimeOffset.UtcNow);
        var created = await nisc.PostAsJsonAsync("/api/v1/newsletters", new { year = period.Year, month = period.Month, half = period.Half });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = period.Number;

        var asBank = await GetJsonAsync(nisc, $"/api/v1/newsletters/{number}/preview?organization=HIKARI-BANK");
        var bankEntries = asBank["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Contains(bankEntries, e => e["title"]?.GetValue<string>() == financeTitle);
        Assert.Null(bankEntries.Single(e => e["title"]?.GetValue<string>() == financeTitle)["summary"]); // AMBER: title only
        var redEntry = bankEntries.Single(e => e["number"]!.GetValue<string>() == redNumber);
        Assert.Null(redEntry["title"]);
        Assert.Null(redEntry["summary"]);
        Assert.DoesNotContain(bankEntries, e => e["title"]?.GetValue<string>() == powerTitle);
        var mails = asBank["mails"]!.AsArray();
        Assert.Equal(2, mails.Count);
        var en = mails.Single(m => m!["language"]!.GetValue<string>() == "en")!["text"]!.GetValue<string>();
        Assert.Contains($"TLP:RED advisory {redNumber} — sign in to read", en);
        Assert.Contains(financeTitle, en);
        Assert.DoesNotContain("KZRED-", asBank.ToJsonString());
        Assert.DoesNotContain("KZFSA-", asBank.ToJsonString());
        Assert.True(bankEntries.Single(e => e["advisoryId"]!.GetValue<Guid>() == fsaOnly)["withheldFromViewer"]!.GetValue<bool>());

        var asPower = await GetJsonAsync(nisc, $"/api/v1/newsletters/{number}/preview?organization=AKEBONO-POWER");
        var powerEntries = asPower["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var gridEntry = powerEntries.Single(e => e["title"]?.GetValue<string>() == powerTitle);
        Assert.Equal($"Grid summary {tag}", gridEntry["summary"]!.GetValue<string>()); // GREEN: with the summary
        Assert.DoesNotContain(powerEntries, e => e["title"]?.GetValue<string>() == financeTitle);
        Assert.DoesNotContain("KZRED-", asPower.ToJsonString());

        var asWater = await GetJsonAsync(nisc, $"/api/v1/newsletters/{number}/preview?organization=KIYORA-WATER");
        Assert.Empty(asWater["entries"]!.AsArray());
        Assert.Empty(asWater["mails"]!.AsArray());
        var recipientCount = asBank["recipientOrganizations"]!.GetValue<int>();
        Assert.True(recipientCount >= 2, $"only {recipientCount} organisations");
        Assert.Equal(recipientCount, asWater["recipientOrganizations"]!.GetValue<int>());

        // Members see their own organisation's edition; drafts not at all.
        await Problems.AssertAsync(await bank.GetAsync($"/api/v1/newsletters/{number}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await nisc.PutAsJsonAsync($"/api/v1/newsletters/{number}", new { introJa = $"今号のまとめ {tag}", introEn = $"In this issue {tag}" })).StatusCode);

        // One member of the bank reads English.
        await using (var db = server.NewContext())
            await db.Users.Where(u => u.Email == BankAdmin).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredLanguage, "en"));

        var released = await nisc.PostAsync($"/api/v1/newsletters/{number}/release", null);
        var releasedBody = JsonNode.Parse(await released.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal(recipientCount, releasedBody["recipientOrganizations"]!.GetValue<int>());

        await using (var db = server.NewContext())
        {
            var issue = await db.NewsletterIssues.AsNoTracking().SingleAsync(i => i.Number == number);
            Assert.Equal(NewsletterStatus.Released, issue.Status);
            var messages = await db.Outbox.AsNoTracking().Where(m => m.IdempotencyKey.StartsWith($"news:{issue.Id:N}:")).ToListAsync();
            Assert.Equal(releasedBody["mails"]!.GetValue<int>(), messages.Count);
            Assert.Equal(issue.MailCount, messages.Count);
            Assert.All(messages, m => Assert.Equal(OutboxChannels.Email, m.Channel));
            Assert.All(messages, m => Assert.DoesNotContain("KZRED-", m.Payload));

            var bankOrg = await db.Organizations.SingleAsync(o => o.Code == "HIKARI-BANK");
            var bankUsers = await db.Users.Where(u => u.OrganizationId == bankOrg.Id && u.Email != null).ToListAsync();
            var bankMails = messages.Where(m => m.OrganizationId == bankOrg.Id).ToList();
            Assert.Equal(bankUsers.Select(u => u.Id).Order(), bankMails.Select(m => m.UserId!.Value).Order());
            foreach (var u in bankUsers)
            {
                var payload = bankMails.Single(m => m.UserId == u.Id).ReadPayload<EmailPayload>();
                Assert.Equal(u.Email, payload.To);
                Assert.Equal(u.PreferredLanguage == "en" ? "en" : "ja", payload.Language);
                Assert.Contains(financeTitle, payload.TextBody);
                Assert.Contains(fsaTitle, payload.TextBody); // the bank's own mail carries what the bank may read
                Assert.Contains(u.PreferredLanguage == "en" ? $"In this issue {tag}" : $"今号のまとめ {tag}", payload.TextBody);
                Assert.Contains(redNumber, payload.TextBody);
                Assert.DoesNotContain(powerTitle, payload.TextBody);
            }
            Assert.Contains(bankMails, m => m.ReadPayload<EmailPayload>().Language == "en");
            var waterOrg = await db.Organizations.SingleAsync(o => o.Code == "KIYORA-WATER");
            Assert.DoesNotContain(messages, m => m.OrganizationId == waterOrg.Id);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "newsletter.released" && a.TargetId == number));

            // Releasing again: 409, and not one more mail.
            await Problems.AssertAsync(await nisc.PostAsync($"/api/v1/newsletters/{number}/release", null), HttpStatusCode.Conflict);
            await Problems.AssertAsync(await nisc.PutAsJsonAsync($"/api/v1/newsletters/{number}", new { introJa = "x", introEn = "x" }), HttpStatusCode.Conflict);
            Assert.Equal(messages.Count, await db.Outbox.CountAsync(m => m.IdempotencyKey.StartsWith($"news:{issue.Id:N}:")));
        }

        // The archive: each member reads its own organisation's edition.
        var atBank = await GetJsonAsync(bank, $"/api/v1/newsletters/{number}");
        Assert.Contains(financeTitle, atBank.ToJsonString());
        Assert.Contains(redNumber, atBank.ToJsonString());
        Assert.DoesNotContain("KZRED-", atBank.ToJsonString());
        Assert.DoesNotContain(powerTitle, atBank.ToJsonString());
        Assert.Contains(fsaTitle, atBank.ToJsonString());
        Assert.DoesNotContain("KZFSA-", (await GetJsonAsync(nisc, $"/api/v1/newsletters/{number}")).ToJsonString());
        var atPower = await GetJsonAsync(power, $"/api/v1/newsletters/{number}");
        Assert.Contains(powerTitle, atPower.ToJsonString());
        Assert.DoesNotContain(financeTitle, atPower.ToJsonString());
        Assert.DoesNotContain(financeNumber, atPower.ToJsonString());
        var atWater = await GetJsonAsync(water, $"/api/v1/newsletters/{number}");
        Assert.Empty(atWater["entries"]!.AsArray());
        Assert.Contains(number, (await water.GetStringAsync("/api/v1/newsletters")));

        // The pages, in Japanese and in English.
        using var session = await server.SignInAsync(BankReporter);
        var ja = await session.GetStringAsync($"/newsletters/{number}");
        Assert.Contains(financeTitle, ja);
        Assert.Contains($"情報提供 {redNumber} — サインインしてお読みください", ja);
        Assert.Contains($"今号のまとめ {tag}", ja);
        Assert.DoesNotContain("KZRED-", ja);
        Assert.DoesNotContain(powerTitle, ja);
        Assert.DoesNotContain("release-newsletter", ja);
        Assert.Contains($"/newsletters/{number}", await session.GetStringAsync("/newsletters"));
        Assert.Contains("ニュースレター", await session.GetStringAsync("/"));
        await session.GetAsync("/lang/en?returnUrl=%2F");
        var english = await session.GetStringAsync($"/newsletters/{number}");
        Assert.Contains($"Advisory {redNumber} — sign in to read", english);
        Assert.Contains($"In this issue {tag}", english);
        Assert.Contains("Critical-infrastructure newsletter", english);
        Assert.DoesNotContain("KZRED-", english);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Recipients_BatchedCompile_EqualsPerOrganisationReadablePath(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var ceptoar = await server.ApiClientAsync(BankCeptoar);
        var tag = Guid.NewGuid().ToString("N")[..10];
        // Every TLP and audience kind, relayed and not, so that deliveries and the disclosure policy disagree somewhere.
        var finance = await PublishAsync(nisc, Input($"Batch finance {tag}", "AMBER"));
        Assert.Equal(HttpStatusCode.OK, (await fsa.PostAsJsonAsync($"/api/v1/advisories/{finance}/relay", new { note = (string?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ceptoar.PostAsJsonAsync($"/api/v1/advisories/{finance}/relay", new { note = (string?)null })).StatusCode);
        await PublishAsync(nisc, Input($"Batch grid {tag}", "GREEN", Audience(("sector", "electricity"))));
        await PublishAsync(nisc, Input($"Batch red {tag}", "RED", Audience(("organization", "HIKARI-BANK"))));
        // (Nothing for KIYORA-WATER: another test of this class wants its edition of the running period empty.)
        await PublishAsync(nisc, Input($"Batch clear {tag}", "CLEAR", Audience(("sector", "electricity"))));
        await PublishAsync(nisc, Input($"Batch strict {tag}", "AMBER+STRICT"));
        var fsaOnly = await PublishAsync(fsa, Input($"Batch fsa {tag}", "AMBER", Audience(("organization", "HIKARI-BANK"))));
        Assert.Equal(HttpStatusCode.OK, (await ceptoar.PostAsJsonAsync($"/api/v1/advisories/{fsaOnly}/relay", new { note = (string?)null })).StatusCode);

        // An issue object for the running period, never saved: the compiler reads only its period.
        var issue = new NewsletterIssue(NewsletterPeriod.Containing(DateTimeOffset.UtcNow), null, DateTimeOffset.UtcNow);
        using var scope = server.Services.CreateScope();
        var compiler = scope.ServiceProvider.GetRequiredService<NewsletterCompiler>();
        var batched = await compiler.RecipientsAsync(issue);
        var perOrganisation = new List<(string Code, NewsletterEntries Entries)>();
        // Every organisation of the community, not only those the batch thought of.
        var everyone = await scope.ServiceProvider.GetRequiredService<Kizuna.Core.Data.KizunaDb>().Organizations.Select(o => o.Id).ToListAsync();
        foreach (var id in everyone)
        {
            var (org, viewer) = await compiler.ViewerForOrganizationAsync(id);
            var entries = await compiler.EntriesAsync(issue, viewer); // through AdvisoryAccess.Readable
            if (entries.Total > 0) perOrganisation.Add((org.Code, entries));
        }
        perOrganisation = perOrganisation.OrderBy(r => r.Code, StringComparer.Ordinal).ToList();

        Assert.True(batched.Count >= 3, $"only {batched.Count} organisations");
        Assert.Equal(batched.Count, await compiler.CountRecipientsAsync(issue));
        Assert.Equal(perOrganisation.Select(r => r.Code), batched.Select(r => r.Organization.Code));
        foreach (var ((code, expected), (_, actual)) in perOrganisation.Zip(batched))
        {
            Assert.True(expected.Items.SequenceEqual(actual.Items), $"{code}: the batched edition differs from the per-organisation one");
            Assert.Equal(expected.More, actual.More);
        }
        var bank = batched.Single(r => r.Organization.Code == "HIKARI-BANK").Entries.Items;
        Assert.Contains(bank, e => e.AdvisoryId == fsaOnly);
        Assert.DoesNotContain(batched.Single(r => r.Organization.Code == "AKEBONO-POWER").Entries.Items, e => e.AdvisoryId == fsaOnly);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Manage_NotCoordinator_IsRefused(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var bank = await server.ApiClientAsync(BankReporter);
        const string number = "2020-2-1";
        Assert.Equal(HttpStatusCode.Created, (await nisc.PostAsJsonAsync("/api/v1/newsletters", new { year = 2020, month = 2, half = 1 })).StatusCode);

        foreach (var client in new[] { fsa, bank })
        {
            await Problems.AssertAsync(await client.GetAsync($"/api/v1/newsletters/{number}/preview?organization=HIKARI-BANK"), HttpStatusCode.Forbidden);
            await Problems.AssertAsync(await client.PostAsync($"/api/v1/newsletters/{number}/release", null), HttpStatusCode.Forbidden);
            await Problems.AssertAsync(await client.PutAsJsonAsync($"/api/v1/newsletters/{number}", new { introJa = "x", introEn = "x" }), HttpStatusCode.Forbidden);
            await Problems.AssertAsync(await client.PostAsJsonAsync("/api/v1/newsletters", new { year = 2020, month = 3, half = 1 }), HttpStatusCode.Forbidden);
            // A draft is the coordinator's: to anyone else it does not exist.
            await Problems.AssertAsync(await client.GetAsync($"/api/v1/newsletters/{number}"), HttpStatusCode.NotFound);
            Assert.DoesNotContain(number, await client.GetStringAsync("/api/v1/newsletters"));
        }
        using var fsaSession = await server.SignInAsync(Fsa);
        Assert.Equal(HttpStatusCode.NotFound, (await fsaSession.GetAsync($"/newsletters/{number}")).StatusCode);
        Assert.DoesNotContain("draft-newsletter", await fsaSession.GetStringAsync("/newsletters"));

        using var niscSession = await server.SignInAsync(Nisc);
        var page = await niscSession.GetStringAsync($"/newsletters/{number}?as=HIKARI-BANK");
        Assert.Contains("release-newsletter", page);
        Assert.Contains("preview-recipients", page);
        await using var db = server.NewContext();
        Assert.Equal(NewsletterStatus.Draft, (await db.NewsletterIssues.SingleAsync(i => i.Number == number)).Status);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Draft_BadPeriodsAndIntro_AnswerProblems(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var next = NewsletterPeriod.Containing(DateTimeOffset.UtcNow.AddDays(16));
        foreach (var body in new object[]
                 {
                     new { year = 1999, month = 12, half = 2 }, new { year = 2026, month = 13, half = 1 }, new { year = 2026, month = 1, half = 3 },
                     new { year = next.Year, month = next.Month, half = next.Half }, new { year = 0, month = 0, half = 0 },
                 })
        {
            var problem = await Problems.AssertAsync(await nisc.PostAsJsonAsync("/api/v1/newsletters", body), HttpStatusCode.BadRequest);
            Assert.False(string.IsNullOrWhiteSpace(Problems.Explanation(problem)));
        }

        Assert.Equal(HttpStatusCode.Created, (await nisc.PostAsJsonAsync("/api/v1/newsletters", new { year = 2000, month = 1, half = 1 })).StatusCode);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync("/api/v1/newsletters", new { year = 2000, month = 1, half = 1 }), HttpStatusCode.Conflict);

        var max = new string('a', NewsletterLimits.MaxIntroLength);
        Assert.Equal(HttpStatusCode.OK, (await nisc.PutAsJsonAsync("/api/v1/newsletters/2000-1-1", new { introJa = max, introEn = max })).StatusCode);
        await Problems.AssertAsync(await nisc.PutAsJsonAsync("/api/v1/newsletters/2000-01-1", new { introJa = max + "a", introEn = "" }), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/newsletters/2000-1-1/preview"), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/newsletters/2000-1-1/preview?organization=NO-SUCH-ORG"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/newsletters/not-a-number"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/newsletters/2001-1-1"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await nisc.PostAsync("/api/v1/newsletters/2001-1-1/release", null), HttpStatusCode.NotFound);

        // Nothing reached anyone in January 2000: releasing sends nothing, and the issue is archived.
        var released = JsonNode.Parse(await (await nisc.PostAsync("/api/v1/newsletters/2000-1-1/release", null)).Content.ReadAsStringAsync())!;
        Assert.Equal(0, released["mails"]!.GetValue<int>());
        Assert.Equal(0, released["recipientOrganizations"]!.GetValue<int>());
    }
}
