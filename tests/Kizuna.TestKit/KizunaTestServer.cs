using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Identity;
using Kizuna.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.TestKit;

/// <summary>
/// The real server on a free loopback port over a fresh database, with the demo community.
/// Tests talk to it over real HTTP.
/// </summary>
public sealed partial class KizunaTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDatabase;
    private int _disposed;

    private KizunaTestServer(WebApplication app, TestDatabase database, Uri baseAddress, bool ownsDatabase)
    {
        _app = app;
        Database = database;
        BaseAddress = baseAddress;
        _ownsDatabase = ownsDatabase;
    }

    public TestDatabase Database { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Settings every test server gets: cheap password hashing and generous sign-in limits.</summary>
    public static IReadOnlyDictionary<string, string> TestDefaults { get; } = new Dictionary<string, string>
    {
        ["Server:PasswordHashIterations"] = "1000",
        ["Server:SignInPermitsPerMinute"] = "1000",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task<KizunaTestServer> StartAsync(DatabaseKind kind, bool demo = true, IReadOnlyDictionary<string, string>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateEmptyAsync(kind);
        try
        {
            return await StartOnAsync(database, prepare: true, demo, ownsDatabase: true, settings, configure);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Another node over an existing database (scale-out tests): with <paramref name="prepare"/> it
    /// migrates and seeds as the first node does, without it starts on the database as it is. The
    /// node shares the database's data directory and does not drop the database when disposed; the
    /// test disposes the <see cref="TestDatabase"/> itself.
    /// </summary>
    public static Task<KizunaTestServer> StartNodeAsync(TestDatabase database, bool prepare, bool demo = true, IReadOnlyDictionary<string, string>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
        => StartOnAsync(database, prepare, demo, ownsDatabase: false, settings, configure);

    private static async Task<KizunaTestServer> StartOnAsync(TestDatabase database, bool prepare, bool demo, bool ownsDatabase, IReadOnlyDictionary<string, string>? settings,
        Action<WebApplicationBuilder>? configure)
    {
        var args = new List<string>(database.ServerArgs) { "--urls", "http://127.0.0.1:0" };
        foreach (var (key, value) in TestDefaults.Concat(settings ?? new Dictionary<string, string>()).GroupBy(kv => kv.Key).Select(g => g.Last()))
            args.Add($"--{key}={value}");
        // The same translation the command line does: --data-dir/--database become Database:* settings.
        var app = KizunaServer.Build(Kizuna.Server.Cli.CliArgs.Parse(args.ToArray()).ToHostArgs(quiet: false), configure);
        if (prepare) await KizunaServer.PrepareDatabaseAsync(app.Services, demo);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KizunaTestServer(app, database, new Uri(address), ownsDatabase);
    }

    /// <summary>A client without credentials (or with a bearer token).</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a personal API token for a user, as the CLI does, and returns its secret.</summary>
    public async Task<string> TokenForAsync(string email, params string[] scopes)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var user = await db.Users.SingleAsync(u => u.Email == email.ToLowerInvariant());
        var created = await scope.ServiceProvider.GetRequiredService<CreateApiTokenHandler>().HandleAsync(
            new CreateApiToken(user.Id, "test", scopes.Length > 0 ? scopes : [TokenScopes.Read, TokenScopes.Write], 30),
            new AuditRecord("token.created", ActorEmail: "test"));
        return created.Token;
    }

    /// <summary>A client for the API as a user, through a fresh read-write token.</summary>
    public async Task<HttpClient> ApiClientAsync(string email, params string[] scopes) => CreateClient(await TokenForAsync(email, scopes));

    /// <summary>Signs in through the real sign-in page and returns a client holding the session cookie.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = DemoUsers.Password)
    {
        var client = CreateClient();
        var response = await PostFormAsync(client, "/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Loads a page, takes its anti-forgery token, and posts a Blazor form to it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = AntiforgeryPattern().Match(page);
        if (!token.Success) throw new InvalidOperationException($"No anti-forgery token on {path}.");
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public KizunaDb NewContext() => Database.NewContext();

    /// <summary>Stops the node (idempotent); drops the database only when this node created it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDatabase) await Database.DisposeAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();
}
