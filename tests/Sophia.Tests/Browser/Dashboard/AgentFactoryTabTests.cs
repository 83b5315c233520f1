using Microsoft.Playwright;

namespace Sophia.Tests.Browser.Dashboard;

/// <summary>The Agent Factory tab: an admin builds an agent, edits it, tries it for real against the local model, and deletes it.</summary>
public sealed class AgentFactoryTabTests
{
    [Fact]
    public async Task An_admin_builds_and_edits_an_agent_then_a_test_run_shows_its_answer_and_tool_steps_at_both_widths()
    {
        using var data = new TempFolder();
        await using var model = await OpenAiCompatibleServer.StartAsync();
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings());
        await using var ui = await Dashboard.OpenAsync(sophia, Dashboard.Desktop);
        var page = ui.Page;
        var panel = await ui.OpenTabAsync("agents");

        await page.FillAsync("#agent-name", "release-notes");
        await page.FillAsync("#agent-instructions", "You write release notes.");
        await page.FillAsync("#agent-model", "notes-model");
        await panel.Locator("#agent-tools input[value=current_time]").CheckAsync();
        await page.ClickAsync("#agent-save");
        var listed = panel.Locator("#agents-list li[data-name=release-notes]");
        await Assertions.Expect(listed).ToContainTextAsync("notes-model · 1 tool");

        await page.FillAsync("#agent-instructions", "You write short release notes that carry today's date.");
        await page.ClickAsync("#agent-save");
        await Assertions.Expect(panel.Locator("#agent-form .status")).ToHaveTextAsync("Saved release-notes.");
        await page.ReloadAsync();
        await page.ClickAsync("#agents-list li[data-name=release-notes] button");
        await Assertions.Expect(page.Locator("#agent-instructions")).ToHaveValueAsync("You write short release notes that carry today's date.");
        await Assertions.Expect(page.Locator("#agent-tools input[value=current_time]")).ToBeCheckedAsync();

        model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("current_time", "{}") });
        model.Enqueue(new ScriptedReply { Tokens = ["**Released** ", "today."], TokenDelay = TimeSpan.Zero });
        await page.FillAsync("#agent-test-message", "Write the notes for 2.1");
        await page.ClickAsync("#agent-test-run");

        await Assertions.Expect(page.Locator("#agent-test-answer strong")).ToHaveTextAsync("Released");
        var step = page.Locator("#agent-test-steps tbody tr");
        await Assertions.Expect(step).ToHaveCountAsync(1);
        await Assertions.Expect(step).ToContainTextAsync("current_time");
        await Assertions.Expect(step).ToContainTextAsync("done");
        await Assertions.Expect(page.Locator("#agent-test-usage")).ToContainTextAsync("notes-model");
        var asked = model.Requests.Last();
        Assert.Equal("notes-model", asked.Body["model"]!.GetValue<string>());
        Assert.Contains(asked.Messages, m => m.Role == "system" && m.Content.Contains("short release notes", StringComparison.Ordinal));
        Assert.Equal(0, await page.EvaluateAsync<int>("async () => (await api('/api/conversations')).length"));

        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("agents");
        await ui.ResizeAsync(Dashboard.Phone);
        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("agents");

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.ClickAsync("#agent-delete");
        await Assertions.Expect(panel.Locator("#agents-list")).ToHaveTextAsync("No agents yet.");
    }
}
