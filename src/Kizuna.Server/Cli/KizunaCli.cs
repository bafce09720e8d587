using Kizuna.Core.Data;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Cli;

/// <summary>
/// The command-line verbs of the one binary. Every verb takes the same <c>--data-dir</c> and
/// <c>--database</c> options as <c>serve</c>; scripting verbs are non-interactive and print only
/// their result on standard output (diagnostics go to standard error).
/// </summary>
public static class KizunaCli
{
    public const string Usage = """
        Kizuna — information sharing for critical-infrastructure protection

        Usage: kizuna <verb> [options]

          serve [--demo] [--urls URL]             run the server (default http://localhost:5080)
          seed [--demo]                           migrate the database and load reference data, then exit
          users add --email E --org CODE --role ROLE [--role ROLE…] [--display-name N] [--platform-admin] --password-stdin
          tokens create --email E --name N [--scope read|write] [--days 90]   prints only the token
          audit verify                            check the audit hash chain; exit 1 at the first broken row
          reports submit --file report.json --email E [--kind first|update|final] [--report ID]
                                                  file a liaison report (情報連絡) as user E; prints {"id","pseudonym","status","submission"}
          misp import FILE --collection ALIAS --email E
                                                  import MISP events (JSON) into a TAXII collection as user E; prints the summary as JSON
          analytics rebuild                       build the correlation index (相関分析) from scratch; prints counts and seconds

        Options for every verb:
          --data-dir DIR        folder of the embedded SQLite database (default ./data)
          --database CS         PostgreSQL connection string ("Host=…;Database=…;Username=…")
          --Section:Key=value   any configuration value (see docs/configuration.md)
        """;

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var cli = CliArgs.Parse(args);
            var verb = string.Join(' ', cli.Verb);
            if (cli.Has("--help") || cli.Has("-h") || verb is "help")
            {
                await stdout.WriteLineAsync(Usage);
                return 0;
            }
            return verb switch
            {
                "" or "serve" => await ServeAsync(cli),
                "seed" => await WithServicesAsync(cli, async sp =>
                {
                    await stderr.WriteLineAsync($"Database ready: {sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Describe()}");
                    return 0;
                }),
                "users add" => await WithServicesAsync(cli, sp => AddUserAsync(sp, cli, stdin, stdout)),
                "tokens create" => await WithServicesAsync(cli, sp => CreateTokenAsync(sp, cli, stdout)),
                "audit verify" => await WithServicesAsync(cli, sp => VerifyAuditAsync(sp, stdout, stderr)),
                "reports submit" => await WithServicesAsync(cli, sp => SubmitReportAsync(sp, cli, stdout)),
                _ when cli.Verb is ["misp", "import", ..] => await WithServicesAsync(cli, sp => ImportMispAsync(sp, cli, stdout)),
                "analytics rebuild" => await WithServicesAsync(cli, sp => Features.Analytics.Correlation.CorrelationCli.RebuildAsync(sp, stdout, stderr)),
                _ => throw new CliException($"Unknown verb '{verb}'. Run 'kizuna help'."),
            };
        }
        catch (CliException e)
        {
            await stderr.WriteLineAsync($"kizuna: {e.Message}");
            return 2;
        }
        catch (InputException e)
        {
            await stderr.WriteLineAsync($"kizuna: {e.Message}");
            foreach (var (field, errors) in e.Errors)
                foreach (var error in errors) await stderr.WriteLineAsync($"  {field}: {error}");
            return 2;
        }
        catch (DomainException e)
        {
            await stderr.WriteLineAsync($"kizuna: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> ServeAsync(CliArgs cli)
    {
        var app = KizunaServer.Build(cli.ToHostArgs(quiet: false));
        await KizunaServer.PrepareDatabaseAsync(app.Services, app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.Demo);
        await app.RunAsync();
        return 0;
    }

    private static async Task<int> WithServicesAsync(CliArgs cli, Func<IServiceProvider, Task<int>> action)
    {
        var app = KizunaServer.Build(cli.ToHostArgs(quiet: true), b =>
            b.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        await KizunaServer.PrepareDatabaseAsync(app.Services, app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.Demo);
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private static async Task<int> AddUserAsync(IServiceProvider sp, CliArgs cli, TextReader stdin, TextWriter stdout)
    {
        string password;
        if (cli.Has("--password-stdin")) password = (await stdin.ReadLineAsync())?.TrimEnd('\r', '\n') ?? "";
        else if (cli.One("--password") is not null) throw new CliException("Passwords are not taken on the command line; pipe one into --password-stdin.");
        else throw new CliException("--password-stdin is required (pipe the password on standard input).");
        if (password.Length == 0) throw new CliException("No password was read from standard input.");
        var roles = cli.Many("--role");
        if (roles.Count == 0) throw new CliException("The option --role is required (viewer, reporter, analyst, org-admin).");
        var user = await sp.GetRequiredService<AddUserHandler>().HandleAsync(
            new AddUser(cli.Required("--email"), cli.One("--display-name") ?? "", cli.Required("--org"), roles, password, cli.Has("--platform-admin")),
            new AuditRecord("user.added", ActorEmail: "cli"));
        await stdout.WriteLineAsync(user.Id.ToString("D"));
        return 0;
    }

    private static async Task<int> CreateTokenAsync(IServiceProvider sp, CliArgs cli, TextWriter stdout)
    {
        var email = cli.Required("--email").Trim().ToLowerInvariant();
        var db = sp.GetRequiredService<KizunaDb>();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email)
            ?? throw new CliException($"No user has the e-mail address '{email}'.");
        var days = cli.One("--days") is { } d ? (int.TryParse(d, out var n) ? n : throw new CliException("--days takes a whole number.")) : CreateApiTokenHandler.DefaultLifetimeDays;
        var scopes = cli.Many("--scope");
        var created = await sp.GetRequiredService<CreateApiTokenHandler>().HandleAsync(
            new CreateApiToken(user.Id, cli.Required("--name"), scopes.Count > 0 ? scopes : [TokenScopes.Read, TokenScopes.Write], days),
            new AuditRecord("token.created", ActorEmail: "cli"));
        await stdout.WriteLineAsync(created.Token);
        return 0;
    }

    private static async Task<int> SubmitReportAsync(IServiceProvider sp, CliArgs cli, TextWriter stdout)
    {
        var path = cli.Required("--file");
        if (!File.Exists(path)) throw new CliException($"No file at {path}.");
        if (new FileInfo(path).Length > 1024 * 1024) throw new CliException($"{path} is larger than 1 MiB.");
        ReportInput input;
        try
        {
            input = System.Text.Json.JsonSerializer.Deserialize<ReportInput>(await File.ReadAllTextAsync(path), CliJson)
                ?? throw new CliException($"{path} holds no report.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CliException($"{path} is not a valid report: {e.Message}");
        }
        var email = cli.Required("--email").Trim().ToLowerInvariant();
        var userId = await sp.GetRequiredService<KizunaDb>().Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync()
            ?? throw new CliException($"No user has the e-mail address '{email}'.");
        var viewer = await sp.GetRequiredService<ViewerFactory>().ForUserAsync(userId) ?? throw new CliException($"The user '{email}' has no organisation.");
        var kind = cli.One("--kind") ?? SubmissionKinds.First;
        Guid reportId;
        if (cli.One("--report") is { } existing)
        {
            if (!Guid.TryParse(existing, out reportId)) throw new CliException("--report takes a report id.");
        }
        else
        {
            if (kind != SubmissionKinds.First) throw new CliException("A new report starts with --kind first; give --report ID for a follow-up.");
            reportId = (await sp.GetRequiredService<SaveReportDraftHandler>().CreateAsync(input, viewer)).Id;
        }
        var submission = await sp.GetRequiredService<SubmitReportHandler>().HandleAsync(new SubmitReport(reportId, kind, input), viewer);
        var report = await sp.GetRequiredService<KizunaDb>().Reports.AsNoTracking().FirstAsync(r => r.Id == reportId);
        await stdout.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new { id = report.Id, pseudonym = report.Pseudonym, status = report.Status, submission = submission.Number }));
        return 0;
    }

    private static async Task<int> ImportMispAsync(IServiceProvider sp, CliArgs cli, TextWriter stdout)
    {
        if (cli.Verb.Count != 3) throw new CliException("Usage: kizuna misp import FILE --collection ALIAS --email E");
        var path = cli.Verb[2];
        if (!File.Exists(path)) throw new CliException($"No file at {path}.");
        var max = sp.GetRequiredService<IOptions<Kizuna.Core.Features.Misp.MispOptions>>().Value.MaxEventBytes;
        if (new FileInfo(path).Length > max) throw new CliException($"{path} is larger than {max} bytes (Misp:MaxEventBytes).");
        var email = cli.Required("--email").Trim().ToLowerInvariant();
        var userId = await sp.GetRequiredService<KizunaDb>().Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync()
            ?? throw new CliException($"No user has the e-mail address '{email}'.");
        var viewer = await sp.GetRequiredService<ViewerFactory>().ForUserAsync(userId) ?? throw new CliException($"The user '{email}' has no organisation.");
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var result = await sp.GetRequiredService<Kizuna.Core.Features.Misp.ImportMispEventsHandler>().HandleAsync(cli.Required("--collection"), file, viewer);
        await stdout.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        return 0;
    }

    private static readonly System.Text.Json.JsonSerializerOptions CliJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    private static async Task<int> VerifyAuditAsync(IServiceProvider sp, TextWriter stdout, TextWriter stderr)
    {
        var db = sp.GetRequiredService<KizunaDb>();
        var broken = await AuditTrail.VerifyAsync(db);
        var count = await db.AuditEntries.CountAsync();
        if (broken is null)
        {
            await stdout.WriteLineAsync($"audit trail intact: {count} rows");
            return 0;
        }
        await stdout.WriteLineAsync($"audit trail broken at row {broken.Sequence}: {broken.Reason}");
        return 1;
    }
}
