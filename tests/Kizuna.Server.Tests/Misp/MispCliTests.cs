using System.Text.Json.Nodes;
using Kizuna.Server.Cli;
using Kizuna.Server.Tests.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Misp.MispApi;

namespace Kizuna.Server.Tests.Misp;

/// <summary><c>kizuna misp import FILE --collection ALIAS --email E</c> against the database of a running server.</summary>
public sealed class MispCliTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(KizunaTestServer server, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await KizunaCli.RunAsync([.. args, .. server.Database.ServerArgs, "--Server:PasswordHashIterations=1000"], new StringReader(""), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task MispImport_File_PrintsTheSummary_BadFileExits2(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var uuid = Guid.NewGuid();
        var path = Path.Combine(Path.GetTempPath(), $"kizuna-cli-misp-{uuid:N}.json");
        try
        {
            await File.WriteAllTextAsync(path, Event(uuid, "tlp:amber", "From the command line", ("ip-dst", "203.0.113.5", true), ("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", false)),
                TestContext.Current.CancellationToken);
            var (code, stdout, stderr) = await RunAsync(server, "misp", "import", path, "--collection", "inbox-hikari-bank", "--email", TaxiiApi.BankReporter);
            Assert.True(code == 0, $"exit {code}: {stderr}");
            var summary = JsonNode.Parse(stdout)!;
            Assert.Equal(1, summary["events"]!.GetValue<int>());
            Assert.Equal(3, summary["added"]!.GetValue<int>());
            Assert.Equal(1, summary["unmapped"]!["btc"]!.GetValue<int>());
            Assert.Equal($"report--{uuid:D}", summary["reports"]![0]!.GetValue<string>());

            await File.WriteAllTextAsync(path, "{\"Event\":[]}", TestContext.Current.CancellationToken);
            (code, _, stderr) = await RunAsync(server, "misp", "import", path, "--collection", "inbox-hikari-bank", "--email", TaxiiApi.BankReporter);
            Assert.Equal(2, code);
            Assert.Contains("must be a JSON object", stderr);
        }
        finally
        {
            File.Delete(path);
        }
        var (missing, _, err) = await RunAsync(server, "misp", "import", "/no/such/file.json", "--collection", "community", "--email", TaxiiApi.Nisc);
        Assert.Equal(2, missing);
        Assert.Contains("No file", err);
    }
}
