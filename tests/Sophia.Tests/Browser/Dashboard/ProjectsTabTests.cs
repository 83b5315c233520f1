using Microsoft.Playwright;

namespace Sophia.Tests.Browser.Dashboard;

/// <summary>The Projects tab: the swarm's plan with its steps, and the approval it waits for, decided from there.</summary>
public sealed class ProjectsTabTests
{
    [Fact]
    public async Task A_person_sees_the_plan_and_its_waiting_approval_and_approves_it_from_projects()
    {
        using var data = new TempFolder();
        await using var model = await OpenAiCompatibleServer.StartAsync();
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var web = await PricingPlan.StartPricingPageAsync();
        PricingPlan.Script(model, web);
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings(("Sophia:Tools:WebhookUrl", webhook.Url)));
        await using var ui = await Dashboard.OpenAsync(sophia, Dashboard.Desktop);
        await ui.Page.EvaluateAsync("""
            async () => {
              const conversation = await api("/api/conversations", { method: "POST", body: JSON.stringify({ title: "Pricing" }) });
              await api(`/api/conversations/${conversation.id}/messages`, { method: "POST", body: JSON.stringify({ text: "/plan Tell the team what Pro costs" }) });
            }
            """);

        var panel = await ui.OpenTabAsync("projects");
        var approval = panel.Locator("#projects-approvals li.projects-approval");
        await Assertions.Expect(approval).ToContainTextAsync("post_webhook", new() { Timeout = 20_000 });
        await Assertions.Expect(approval.Locator(".projects-arguments")).ToContainTextAsync("\"message\": \"Pro costs 42 EUR\"");
        var plan = panel.Locator("article.projects-plan", new() { HasText = "Tell the team what Pro costs" });
        await Assertions.Expect(plan.Locator("li[data-step='1']")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(plan.Locator("li[data-step='2']")).ToHaveAttributeAsync("data-state", "awaiting approval");
        await Assertions.Expect(plan).ToContainTextAsync("Pricing");
        Assert.Empty(webhook.Posts);
        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("projects");

        await ui.ResizeAsync(Dashboard.Phone);
        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("projects");
        await approval.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Assertions.Expect(plan.Locator("li[data-step='2']")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 20_000 });
        await Assertions.Expect(plan.Locator(".projects-line .badge").First).ToHaveTextAsync("done");
        await Assertions.Expect(panel.Locator("#projects-approvals")).ToContainTextAsync("Nothing is waiting");
        Assert.Equal(["Pro costs 42 EUR"], webhook.Posts);
    }
}
