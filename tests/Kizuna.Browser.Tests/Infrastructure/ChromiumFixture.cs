using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Kizuna.Browser.Tests.Infrastructure.ChromiumFixture))]

namespace Kizuna.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole test assembly; every test gets its own
/// <see cref="IBrowserContext"/> from it (see <see cref="BrowserTest"/>). Playwright's own browser
/// download is not used: <c>KIZUNA_TEST_CHROMIUM</c> (set by test.sh) or /usr/bin/chromium.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "KIZUNA_TEST_CHROMIUM";

    /// <summary>Web-first assertions and actions wait this long: the machine is shared with parallel builds.</summary>
    public const float TimeoutMs = 20_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    public async ValueTask InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(TimeoutMs);
        var failures = Path.Combine(Screenshots.Folder, "failures");
        if (Directory.Exists(failures)) Directory.Delete(failures, recursive: true);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // The hotline banner's beep plays without a prior click (a real browser waits for the user's first gesture).
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
