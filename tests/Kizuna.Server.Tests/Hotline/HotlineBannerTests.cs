using System.Net;
using System.Text.RegularExpressions;
using Kizuna.Core.Features.Hotline;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests.Hotline;

/// <summary>
/// The hotline banners the layout renders on every page of a signed-in member: the organisation's
/// unacknowledged alerts, for its members only, at most <see cref="HotlineLimits.MaxBanners"/>, gone
/// once acknowledged; their form acknowledges without JavaScript.
/// </summary>
public sealed partial class HotlineBannerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary>The alert ids of the rendered banners, in page order (the script's empty template has none).</summary>
    private static List<Guid> BannerIds(string html)
        => BannerPattern().Matches(html).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Banner_RedAlert_ShowsOnEveryPageOfTheAudience_NeverElsewhere_UntilAcknowledged(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var canary = $"KZBANNER-{Guid.NewGuid():N}";
        var detail = await SendAsync(nisc, Alert($"Bank only {canary}", "RED", ("organization", "HIKARI-BANK")));
        var id = IdOf(detail);

        using var bank = await server.SignInAsync(BankReporter);
        foreach (var path in new[] { "/", "/directory", "/notices", "/hotline" })
        {
            var page = await bank.GetStringAsync(path);
            Assert.Contains(id, BannerIds(page));
            Assert.Contains(canary, page);
            Assert.Contains($"action=\"/hotline/{id}\"", page);
            // The script starts from the newest sequence at rendering: it replays only what came later.
            var latest = long.Parse(LastSequencePattern().Match(page).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(latest >= SequenceOf(detail), $"{path}: data-last-sequence {latest} is older than the alert on the page.");
        }

        // Another organisation and the sender's own members: no banner, no trace.
        foreach (var email in new[] { PowerReporter, WaterViewer, Nisc })
        {
            using var other = await server.SignInAsync(email);
            var page = await other.GetStringAsync("/");
            Assert.DoesNotContain(id, BannerIds(page));
            Assert.DoesNotContain(canary, page);
        }

        using var bankApi = await server.ApiClientAsync(BankReporter);
        (await bankApi.PostAsync($"/api/v1/hotline/alerts/{id}/acknowledge", null)).EnsureSuccessStatusCode();
        using var bankAdmin = await server.SignInAsync(BankAdmin);
        Assert.DoesNotContain(id, BannerIds(await bank.GetStringAsync("/")));
        Assert.DoesNotContain(id, BannerIds(await bankAdmin.GetStringAsync("/")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Banner_MoreThanTheLimit_ShowsTheNewestAndLinksToTheRest(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var sent = new List<Guid>();
        for (var i = 0; i <= HotlineLimits.MaxBanners; i++)
            sent.Add(IdOf(await SendAsync(nisc, Alert($"Water alert {i}", "GREEN", ("organization", "KIYORA-WATER")))));
        using var water = await server.SignInAsync(WaterViewer);

        var page = await water.GetStringAsync("/");
        var shown = BannerIds(page);
        Assert.Equal(HotlineLimits.MaxBanners, shown.Count);
        Assert.Equal(Enumerable.Reverse(sent).Take(HotlineLimits.MaxBanners), shown);
        Assert.True(Html.HasElement(page, "hotline-more"));

        using var waterApi = await server.ApiClientAsync(WaterViewer);
        (await waterApi.PostAsync($"/api/v1/hotline/alerts/{sent[^1]}/acknowledge", null)).EnsureSuccessStatusCode();
        page = await water.GetStringAsync("/");
        Assert.Equal(Enumerable.Reverse(sent).Skip(1), BannerIds(page));
        Assert.False(Html.HasElement(page, "hotline-more"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Banner_FormPostedFromAnotherPage_AcknowledgesInTheUi(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await SendAsync(nisc, Alert("Power banner form", "AMBER", ("organization", "AKEBONO-POWER"))));
        using var power = await server.SignInAsync(PowerReporter);

        // Exactly what a browser without JavaScript sends: the banner's form, as rendered on /notices.
        var page = await power.GetStringAsync("/notices");
        var form = Regex.Match(page, $"<form method=\"post\" action=\"(/hotline/{id})\" class=\"hb-ack\">(.*?)</form>", RegexOptions.Singleline);
        Assert.True(form.Success, "No banner form for the alert on /notices.");
        var fields = HiddenPattern().Matches(form.Groups[2].Value).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Equal("acknowledge", fields["_handler"]);
        Assert.True(fields.ContainsKey("__RequestVerificationToken"));
        var posted = await power.PostAsync(form.Groups[1].Value, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/hotline/{id}?done=acknowledged", Html.Location(posted));
        Assert.Equal("ui", BoardRow(await GetJsonAsync(nisc, $"/api/v1/hotline/alerts/{id}/board"), "AKEBONO-POWER")["via"]!.GetValue<string>());
        Assert.DoesNotContain(id, BannerIds(await power.GetStringAsync("/notices")));

        // Without the token the post is refused and nothing else is acknowledged.
        var other = IdOf(await SendAsync(nisc, Alert("Power banner form 2", "AMBER", ("organization", "AKEBONO-POWER"))));
        var forged = await power.PostAsync($"/hotline/{other}", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "acknowledge" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(other, BannerIds(await power.GetStringAsync("/notices")));
    }

    [GeneratedRegex("class=\"hotline-banner sev-\\d\" role=\"alert\" aria-live=\"assertive\" data-alert-id=\"([0-9a-f-]{36})\"")]
    private static partial Regex BannerPattern();

    [GeneratedRegex("data-last-sequence=\"(\\d+)\"")]
    private static partial Regex LastSequencePattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
