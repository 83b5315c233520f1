using Microsoft.Playwright;
using Sophia.Tests.Auth;

namespace Sophia.Tests.Browser.Dashboard;

/// <summary>The Chat tab as people use it: answers stream in and end as Markdown, citations lead to their passage, steps form one timeline.</summary>
public sealed class ChatTabTests
{
    [Fact]
    public async Task A_person_chats_renames_searches_follows_a_citation_and_stops_an_answer_on_a_phone_and_a_laptop()
    {
        using var data = new TempFolder();
        await using var model = await OpenAiCompatibleServer.StartAsync();
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings());
        var fact = await Api.PostAsync(sophia.Http, "/api/memory/facts?scope=user", await sophia.TokenAsync(), new { text = "The Pro plan costs 42 EUR a month.", source = "pricing sheet" });
        Assert.True(fact.Status == 201, fact.ToString());
        await using var ui = await Dashboard.OpenAsync(sophia, Dashboard.Phone);
        var page = ui.Page;
        var messages = page.Locator("#messages");

        await page.FillAsync("#new-title", "Roadmap");
        await page.ClickAsync("#new-conversation button[type=submit]");
        await Assertions.Expect(page.Locator("#conversations li.active .title")).ToHaveTextAsync("Roadmap");

        // Streamed as plain text, then shown as Markdown with a copyable code block and the turn's usage.
        var streamed = model.Enqueue(new ScriptedReply { Tokens = ["Run **this**:\n\n", "```bash\nmake release\n```\n"], PauseAfterTokens = 1 });
        await SendAsync(page, "How do I release?");
        await Within.Wait(streamed.Paused.Task.ContinueWith(_ => 0), "the model to pause mid-answer");
        await Assertions.Expect(messages.Locator("li.assistant.streaming")).ToContainTextAsync("Run **this**:");
        streamed.Release.SetResult();
        var answer = messages.Locator("li.assistant:not(.streaming)");
        await Assertions.Expect(answer.Locator("pre code")).ToHaveTextAsync("make release\n");
        await Assertions.Expect(answer.Locator("strong")).ToHaveTextAsync("this");
        await Assertions.Expect(answer.GetByRole(AriaRole.Button, new() { Name = "Copy the code" })).ToBeVisibleAsync();
        await Assertions.Expect(answer.Locator(".usage")).ToContainTextAsync(OpenAiCompatibleServer.Model);

        // A memory search's passage is what the answer's [1] points at, with its source.
        model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("search_memory", """{"query":"Pro plan price"}""") });
        model.Enqueue(new ScriptedReply { Tokens = ["Pro costs 42 EUR a month [1]."], TokenDelay = TimeSpan.Zero });
        await SendAsync(page, "What does Pro cost?");
        var cite = messages.Locator("li.assistant a.cite");
        await Assertions.Expect(cite).ToHaveTextAsync("[1]");
        var timeline = messages.Locator("li.timeline").Last;
        await Assertions.Expect(timeline.Locator("summary")).ToContainTextAsync("1 step");
        await Assertions.Expect(timeline.Locator("details")).Not.ToHaveAttributeAsync("open", "");
        await timeline.Locator("summary").ClickAsync();
        await Assertions.Expect(timeline.Locator("li.step[data-status=done]")).ToContainTextAsync("search_memory");
        await cite.ClickAsync();
        Assert.Contains("#chat/cite-", page.Url);
        await Assertions.Expect(messages.Locator(".sources li:target")).ToContainTextAsync("The Pro plan costs 42 EUR a month.");
        await Assertions.Expect(page.Locator("#tab-chat")).ToHaveAttributeAsync("aria-selected", "true");

        // Stop keeps what the answer wrote so far and says it was stopped.
        var endless = model.Enqueue(new ScriptedReply { Tokens = ["Thinking ", "about ", "it ", "for ", "ages"], PauseAfterTokens = 2 });
        await SendAsync(page, "Think hard");
        await Within.Wait(endless.Paused.Task.ContinueWith(_ => 0), "the model to pause mid-answer");
        await page.ClickAsync("#stop");
        await Assertions.Expect(messages.Locator("li.error").Last).ToHaveTextAsync("Stopped: you stopped this answer.");
        await Assertions.Expect(messages.Locator("li.assistant").Last).ToContainTextAsync("Thinking about");
        await Assertions.Expect(page.Locator("#stop")).ToBeHiddenAsync();
        endless.Release.TrySetResult();

        await page.GetByRole(AriaRole.Button, new() { Name = "Rename Roadmap" }).ClickAsync();
        await page.GetByLabel("New title for Roadmap").FillAsync("Release notes");
        await page.GetByLabel("New title for Roadmap").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#conversations li.active .title")).ToHaveTextAsync("Release notes");
        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("Release notes");
        var id = await page.Locator("#conversations li.active").GetAttributeAsync("data-id");
        var blank = await Api.SendAsync(sophia.Http, HttpMethod.Patch, $"/api/conversations/{id}", await sophia.TokenAsync(), new { title = " " });
        Assert.True(blank.Status == 400, blank.ToString());
        await page.FillAsync("#new-title", "Pricing");
        await page.ClickAsync("#new-conversation button[type=submit]");
        await Assertions.Expect(page.Locator("#conversations li")).ToHaveCountAsync(2);
        Assert.Contains("Release notes", (await Api.GetAsync(sophia.Http, "/api/conversations", await sophia.TokenAsync())).Body.ToString());
        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("Pricing");
        await page.EvaluateAsync("id => location.hash = `chat/${id}`", id);
        await Assertions.Expect(page.Locator("#chat-title")).ToHaveTextAsync("Release notes");
        await page.FillAsync("#conversation-search", "release");
        await Assertions.Expect(page.Locator("#conversations li .title")).ToHaveTextAsync(["Release notes"]);

        await page.Locator("#conversations li .title").ClickAsync();
        await Assertions.Expect(messages.Locator("li.assistant a.cite")).ToHaveTextAsync("[1]");
        Assert.Equal("dark", await page.GetAttributeAsync("html", "data-theme"));

        // Their own account: what they used, and a new password.
        await page.ClickAsync("#whoami");
        var account = page.Locator("#account-dialog");
        await Assertions.Expect(account.Locator("table tr", new() { HasText = "Tokens today" })).ToContainTextAsync("no limit");
        await account.GetByLabel("Current password").FillAsync(SophiaServer.AdminPassword);
        await account.GetByLabel("New password (12 characters or more)").FillAsync("a-brand-new-admin-password");
        await account.GetByLabel("Repeat the new password").FillAsync("a-brand-new-admin-password");
        await account.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(account.Locator(".status")).ToHaveTextAsync("Your password is changed; your other sessions are signed out.");
        await ui.ScreenshotAsync("account");
        await account.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(account).ToBeHiddenAsync();

        // Tabs answer the keyboard and keep their own URL.
        await page.FocusAsync("#tab-chat");
        await page.Keyboard.PressAsync("End");
        await Assertions.Expect(page.Locator("#tab-admin")).ToHaveAttributeAsync("aria-selected", "true");
        Assert.EndsWith("#admin", page.Url);
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#tab-chat")).ToHaveAttributeAsync("aria-selected", "true");
        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("chat");
        await ui.ResizeAsync(Dashboard.Desktop);
        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("chat");
    }

    [Fact]
    public async Task A_person_watches_the_swarm_plan_in_one_timeline_and_approves_the_risky_step_inline()
    {
        using var data = new TempFolder();
        await using var model = await OpenAiCompatibleServer.StartAsync();
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var web = await PricingPlan.StartPricingPageAsync();
        PricingPlan.Script(model, web);
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings(("Sophia:Tools:WebhookUrl", webhook.Url)));
        await using var ui = await Dashboard.OpenAsync(sophia, Dashboard.Desktop);
        var page = ui.Page;
        var messages = page.Locator("#messages");

        await page.FillAsync("#new-title", "Pricing");
        await page.ClickAsync("#new-conversation button[type=submit]");
        await SendAsync(page, PricingPlan.Request);

        var steps = messages.Locator("li.timeline li.step");
        await Assertions.Expect(steps.Filter(new() { HasText = "planner" })).ToContainTextAsync("2. coder (post_webhook): Post the price to the team");
        await Assertions.Expect(steps.Filter(new() { HasText = "step 1 · read_web_page" })).ToHaveAttributeAsync("data-status", "done");
        var approval = messages.Locator("li.approval");
        await Assertions.Expect(approval).ToContainTextAsync("""{"message":"Pro costs 42 EUR"}""");
        Assert.Empty(webhook.Posts);
        await ui.ScreenshotAsync("chat-approval");
        await approval.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Assertions.Expect(messages.Locator("li.assistant .markdown").Last).ToHaveTextAsync(PricingPlan.Answer);
        await Assertions.Expect(steps.Filter(new() { HasText = "step 2 · post_webhook" })).ToHaveAttributeAsync("data-status", "done");
        await Assertions.Expect(approval.Locator(".badge")).ToHaveTextAsync("approved");
        Assert.Equal(["Pro costs 42 EUR"], webhook.Posts);
        Assert.True(await approval.GetByRole(AriaRole.Button, new() { Name = "Approve" }).IsDisabledAsync());
        // Each step is one row that changed in place: no step shows both running and done.
        Assert.Equal(0, await steps.Filter(new() { HasText = "step 2 · post_webhook" }).Locator("[data-status=running]").CountAsync());
        Assert.Equal(1, await steps.Filter(new() { HasText = "step 2 · post_webhook" }).CountAsync());
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.FillAsync("#text", text);
        await page.PressAsync("#text", "Enter");
    }

}
