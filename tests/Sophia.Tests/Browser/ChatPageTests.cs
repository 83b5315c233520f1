using Microsoft.Playwright;

namespace Sophia.Tests.Browser;

/// <summary>Drives Debian's Chromium through the chat page the way a person would, at phone width.</summary>
public sealed class ChatPageTests
{
    [Fact]
    public async Task A_person_signs_in_creates_a_conversation_and_watches_the_answer_stream_in()
    {
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
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInAsync(browser, sophia);
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

    [Fact]
    public async Task A_person_watches_the_swarm_plan_and_approves_the_risky_step_with_a_click()
    {
        using var data = new TempFolder();
        await using var model = await OpenAiCompatibleServer.StartAsync();
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var web = await WebPageServer.StartAsync(new Dictionary<string, string> { ["pricing"] = "<p>Pro costs 42 EUR.</p>" });
        model.Enqueue(Instant("""{"steps":[{"agent":"researcher","task":"Read the pricing page","tool":"read_web_page"},{"agent":"coder","task":"Post the price to the team","tool":"post_webhook"}]}"""));
        model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("read_web_page", $$"""{"url":"{{web.UrlOf("pricing")}}"}""") });
        model.Enqueue(Instant("Pro costs 42 EUR."));
        model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("post_webhook", """{"message":"Pro costs 42 EUR"}""") });
        model.Enqueue(Instant("Posted."));
        model.Enqueue(Instant("The team now knows that Pro costs 42 EUR."));
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings(("Sophia:Tools:WebhookUrl", webhook.Url)));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInAsync(browser, sophia);
        await page.FillAsync("#new-title", "Pricing");
        await page.ClickAsync("#new-conversation button");
        await page.FillAsync("#text", "/plan Tell the team what Pro costs");
        await page.PressAsync("#text", "Enter");

        await Assertions.Expect(page.Locator("#messages li.step", new() { HasText = "planner · plan: done" })).ToContainTextAsync("2. coder (post_webhook): Post the price to the team");
        await Assertions.Expect(page.Locator("#messages li.step", new() { HasText = "researcher · step 1 (read_web_page): done" })).ToBeVisibleAsync();
        var approval = page.Locator("#messages li.approval");
        await Assertions.Expect(approval).ToContainTextAsync("post_webhook");
        Assert.Empty(webhook.Posts);
        await approval.GetByText("Approve").ClickAsync();

        await Assertions.Expect(page.Locator("#messages li.assistant:not(.streaming):not(.approval)")).ToHaveTextAsync("The team now knows that Pro costs 42 EUR.");
        await Assertions.Expect(page.Locator("#messages li.step", new() { HasText = "coder · step 2 (post_webhook): done" })).ToBeVisibleAsync();
        Assert.Equal(["Pro costs 42 EUR"], webhook.Posts);
        Assert.True(await approval.GetByText("Approve").IsDisabledAsync());
    }

    private static ScriptedReply Instant(string text) => new() { Tokens = [text], TokenDelay = TimeSpan.Zero };

    /// <summary>A phone-sized page of Sophia, signed in as admin.</summary>
    private static async Task<IPage> SignInAsync(IBrowser browser, SophiaServer sophia)
    {
        var page = await Chromium.NewPageAsync(browser, 390);
        await page.GotoAsync(sophia.BaseUrl);
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", SophiaServer.AdminPassword);
        await page.ClickAsync("#login-form button[type=submit]");
        return page;
    }
}
