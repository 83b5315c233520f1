using Microsoft.Playwright;

namespace Sophia.Tests.Browser.Dashboard;

/// <summary>
/// One signed-in browser page on Sophia's dashboard at a given width, for the tab tests: opens tabs as a person does,
/// checks that nothing scrolls sideways and every control is on screen, and keeps screenshots under
/// <c>screenshots/</c> in the test output (or in SOPHIA_SCREENSHOTS when set).
/// </summary>
public sealed class Dashboard : IAsyncDisposable
{
    public const int Desktop = 1280;
    public const int Phone = 390;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Dashboard(IPlaywright playwright, IBrowser browser, IPage page, int width) =>
        (_playwright, _browser, Page, Width) = (playwright, browser, page, width);

    public IPage Page { get; }

    public int Width { get; }

    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("SOPHIA_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<Dashboard> OpenAsync(SophiaServer sophia, int width, string tenant = "default", string username = "admin", string password = SophiaServer.AdminPassword)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.NewPageAsync(browser, width);
        var dashboard = new Dashboard(playwright, browser, page, width);
        await page.GotoAsync(sophia.BaseUrl);
        await page.FillAsync("#tenant", tenant);
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-form button[type=submit]");
        await Assertions.Expect(page.Locator("#tab-chat")).ToBeVisibleAsync();
        return dashboard;
    }

    /// <summary>Another width on the same browser and sign-in cookie.</summary>
    public async Task ResizeAsync(int width) => await Page.SetViewportSizeAsync(width, Page.ViewportSize?.Height ?? 844);

    public async Task<ILocator> OpenTabAsync(string id)
    {
        var tab = Page.Locator($"#tab-{id}");
        await tab.ScrollIntoViewIfNeededAsync();
        await tab.ClickAsync();
        await Assertions.Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
        Assert.EndsWith($"#{id}", Page.Url);
        var panel = Page.Locator($"#panel-{id}");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        return panel;
    }

    /// <summary>No sideways scroll, and every visible control of the open panel lies inside the viewport's width (scrolled to, where a strip scrolls).</summary>
    public async Task AssertFitsAsync()
    {
        var width = Page.ViewportSize!.Width;
        var scrollWidth = await Page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the page scrolls sideways at {width}px ({scrollWidth}px wide)");
        var outside = await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[role=tabpanel]:not([hidden]) :is(button, input, select, textarea, a[href], [role=tab]), .topbar :is(button, a[href])')]
              .filter(el => el.checkVisibility() && !el.closest('.table-wrap, .tabs'))
              .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > innerWidth + 1); })
              .map(el => `${el.tagName.toLowerCase()}#${el.id || ''} "${(el.innerText || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40)}"`)
            """);
        Assert.True(outside.Length == 0, $"controls outside the {width}px viewport: {string.Join(", ", outside)}");
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        // A tab's panel scrolls inside the page; for the picture it is let out to its whole height (Chat keeps its own scrolling list).
        var unroll = await Page.AddStyleTagAsync(new() { Content = ".app { height: auto !important; } .panel:not(.panel-chat) { height: auto !important; overflow: visible !important; }" });
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}-{Page.ViewportSize!.Width}.png"), FullPage = true });
        await unroll.EvaluateAsync("style => style.remove()");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
