using Microsoft.Playwright;

namespace Sophia.Tests.Browser;

/// <summary>Drives Debian's Chromium through the chat page the way a person would, at phone width.</summary>
public sealed class ChatPageTests
{
    private const string ChromiumPath = "/usr/lib/chromium/chromium";

    [Fact]
    public async Task A_person_signs_in_creates_a_conversation_and_watches_the_answer_stream_in()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath}; the test script installs it with apt-get.");
        using var data = new TempFolder();
        await using var model = await OpenAiCompatibleServer.StartAsync();
        var reply = model.Enqueue(new ScriptedReply
        {
            Tokens = ["The ", "roadmap ", "has ", "three ", "milestones."],
            TokenDelay = TimeSpan.FromMilliseconds(120),
            PauseAfterTokens = 2,
        });
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(sophia.BaseUrl);

        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", SophiaServer.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.FillAsync("#new-title", "Roadmap");
        await page.ClickAsync("#new-conversation button");
        await Assertions.Expect(page.Locator("#conversations li.active")).ToHaveTextAsync("Roadmap");
        await page.FillAsync("#text", "What is on the roadmap?");
        await page.PressAsync("#text", "Enter");

        // Part of the answer is on screen while the model is still producing the rest.
        await Within.Wait(reply.Paused.Task.ContinueWith(_ => 0), "the model to pause mid-answer");
        await Assertions.Expect(page.Locator("#messages li.assistant.streaming")).ToHaveTextAsync("The roadmap ");
        reply.Release.SetResult();
        await Assertions.Expect(page.Locator("#messages li.assistant:not(.streaming)")).ToHaveTextAsync(reply.Text);

        Assert.Equal("What is on the roadmap?", await page.Locator("#messages li.user").InnerTextAsync());
        Assert.Equal("dark", await page.GetAttributeAsync("html", "data-theme"));
        Assert.True(await page.Locator("#send").IsVisibleAsync());
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page scrolls sideways at phone width ({width}px)");
    }
}
