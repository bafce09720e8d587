using Kizuna.Browser.Tests.Pages;
using Kizuna.TestKit;
using Microsoft.Playwright;

namespace Kizuna.Browser.Tests.Infrastructure;

/// <summary>
/// Base of a browser test class: a fresh browser context (no cookies, so Japanese and signed out)
/// per test against the class's server. A failing test leaves a screenshot in screenshots/failures.
/// </summary>
public abstract class BrowserTest(ChromiumFixture chromium, KizunaServerFixture server) : IClassFixture<KizunaServerFixture>, IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage? _page;

    protected KizunaTestServer Server => server.Server;

    protected IPage Page => _page ?? throw new InvalidOperationException("The page is created in InitializeAsync.");

    public virtual async ValueTask InitializeAsync()
    {
        _context = await NewContextAsync();
        _page = await _context.NewPageAsync();
    }

    /// <summary>A separate browser session (its own cookies), e.g. for a second user.</summary>
    protected async Task<IBrowserContext> NewContextAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(ChromiumFixture.TimeoutMs);
        context.SetDefaultNavigationTimeout(ChromiumFixture.TimeoutMs);
        return context;
    }

    /// <summary>Opens the sign-in page and signs in (demo password by default), landing on the home page.</summary>
    protected async Task<HomePage> SignInAsync(string email, string password = DemoUsers.Password)
    {
        var login = await LoginPage.OpenAsync(Page);
        return await login.SignInAsync(email, password);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_page is not null && TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            try { await Screenshots.SaveAsync(_page, TestContext.Current.Test?.TestDisplayName ?? "test", "failures"); }
            catch (PlaywrightException) { }
        }
        if (_context is not null) await _context.CloseAsync();
        GC.SuppressFinalize(this);
    }
}
