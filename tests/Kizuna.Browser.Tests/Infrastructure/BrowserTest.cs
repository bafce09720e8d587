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
    private readonly List<IBrowserContext> _contexts = [];
    private IPage? _page;

    protected KizunaTestServer Server => server.Server;

    protected IPage Page => _page ?? throw new InvalidOperationException("The page is created in InitializeAsync.");

    public virtual async ValueTask InitializeAsync()
    {
        _page = await (await NewContextAsync()).NewPageAsync();
    }

    /// <summary>A separate browser session (its own cookies), e.g. for a second user; closed after the test. Without JavaScript for the no-script fallbacks.</summary>
    protected async Task<IBrowserContext> NewContextAsync(bool javaScript = true)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            JavaScriptEnabled = javaScript,
        });
        context.SetDefaultTimeout(ChromiumFixture.TimeoutMs);
        context.SetDefaultNavigationTimeout(ChromiumFixture.TimeoutMs);
        _contexts.Add(context);
        return context;
    }

    /// <summary>Opens the sign-in page and signs in (demo password by default), landing on the home page.</summary>
    protected async Task<HomePage> SignInAsync(string email, string password = DemoUsers.Password)
    {
        var login = await LoginPage.OpenAsync(Page);
        return await login.SignInAsync(email, password);
    }

    /// <summary>Signs a second user in, in a browser session of their own.</summary>
    protected async Task<HomePage> SignInElsewhereAsync(string email)
    {
        var page = await (await NewContextAsync()).NewPageAsync();
        var login = await LoginPage.OpenAsync(page);
        return await login.SignInAsync(email, DemoUsers.Password);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            var name = TestContext.Current.Test?.TestDisplayName ?? "test";
            var pages = _contexts.SelectMany(c => c.Pages).ToList();
            for (var i = 0; i < pages.Count; i++)
            {
                try { await Screenshots.SaveAsync(pages[i], i == 0 ? name : $"{name}-{i + 1}", "failures"); }
                catch (PlaywrightException) { }
            }
        }
        foreach (var context in _contexts) await context.CloseAsync();
        GC.SuppressFinalize(this);
    }
}
