using Microsoft.Playwright;

namespace Sophia.Tests.Browser;

/// <summary>Debian's Chromium, headless, for the page tests.</summary>
public static class Chromium
{
    private const string ExecutablePath = "/usr/lib/chromium/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(ExecutablePath), $"Chromium is not installed at {ExecutablePath}; the test script installs it with apt-get.");
        // A loaded 2-core machine can take longer than the 5 s default to stream an answer onto the page.
        Assertions.SetDefaultExpectTimeout(20_000);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public static async Task<IPage> NewPageAsync(IBrowser browser, int width, int height = 844)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }
}
