namespace Sophia.Tests.Browser.Dashboard;

/// <summary>A tab's panel scrolls inside the page, so a full-page screenshot shows one screenful: this one grows the viewport to the whole tab first.</summary>
public static class WholeTabScreenshot
{
    public static async Task ScreenshotWholeTabAsync(this Dashboard ui, string name)
    {
        var size = ui.Page.ViewportSize!;
        var height = await ui.Page.EvaluateAsync<int>(
            "() => document.querySelector('.topbar').offsetHeight + document.querySelector('[role=tabpanel]:not([hidden])').scrollHeight");
        await ui.Page.SetViewportSizeAsync(size.Width, Math.Max(size.Height, height));
        await ui.ScreenshotAsync(name);
        await ui.Page.SetViewportSizeAsync(size.Width, size.Height);
    }
}
