using System.Net;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Identity;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Liaison;

public sealed class ReIdentificationPageTests
{
    [Fact]
    public async Task ReportPage_TwoPlatformAdmins_RequestApproveThenReveal()
    {
        await using var server = await KizunaTestServer.StartAsync(DatabaseKind.Sqlite);
        using (var scope = server.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AddUserHandler>().HandleAsync(
                new AddUser("second.admin@demo.kizuna.example", "Second Admin", "NISC", ["analyst"], DemoUsers.Password, PlatformAdmin: true),
                new AuditRecord("user.added", ActorEmail: "test"));
        using var reporter = await server.ApiClientAsync(Reporter);
        var id = IdOf(await FileAsync(reporter, Input(Content("Re-identification via the page"), disclosure: "none", route: "coordinator")));
        var path = $"/reports/{id}";

        var first = await server.SignInAsync(DemoUsers.Admin);
        var page = await first.GetStringAsync(path);
        Assert.DoesNotContain("id=\"reveal-identity\"", page);
        Assert.Equal(HttpStatusCode.Redirect, (await KizunaTestServer.PostFormAsync(first, path, "reidentify",
            new Dictionary<string, string> { ["reason"] = "警察庁からの照会（令状あり）" })).StatusCode);

        // The requester cannot approve its own request; a second admin can.
        Assert.DoesNotContain("approve-reid", await first.GetStringAsync(path));
        var second = await server.SignInAsync("second.admin@demo.kizuna.example");
        Guid requestId;
        await using (var db = server.NewContext()) requestId = await db.ReIdentificationRequests.Where(r => r.ReportId == id).Select(r => r.Id).SingleAsync();
        Assert.Contains("approve-reid", await second.GetStringAsync(path));
        Assert.Equal(HttpStatusCode.Redirect, (await KizunaTestServer.PostFormAsync(second, path, $"approve-{requestId}", new Dictionary<string, string>())).StatusCode);

        var revealed = await KizunaTestServer.PostFormAsync(first, path, "identity", new Dictionary<string, string> { ["reveal"] = "true" });
        var body = await revealed.Content.ReadAsStringAsync();
        Assert.Contains("id=\"reporter-identity\"", body);
        Assert.Contains("HIKARI-BANK", body);
        await using var check = server.NewContext();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "report.identity-read" && a.TargetId == id.ToString()));
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "report.reidentification-approved"));
    }
}
