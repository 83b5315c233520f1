using Microsoft.Playwright;

namespace Sophia.Tests.Browser.Dashboard;

/// <summary>The Admin tab: people and invitations, API keys, quotas and the audit log that records each change.</summary>
public sealed class AdminTabTests
{
    private const string Colleague = "a-colleague-with-a-rather-long-username";

    [Fact]
    public async Task An_admin_invites_changes_a_role_issues_and_revokes_a_key_sets_a_quota_and_finds_each_in_the_audit_log()
    {
        using var data = new TempFolder();
        await using var sophia = await SophiaServer.StartAsync(data.Path);
        await sophia.CreateUserAsync(Colleague, "another-password-here");
        await using var ui = await Dashboard.OpenAsync(sophia, Dashboard.Desktop);
        var page = ui.Page;
        var panel = await ui.OpenTabAsync("admin");
        await Assertions.Expect(panel.Locator("#users li")).ToHaveCountAsync(2);

        await page.FillAsync("#add-username", "dana");
        await page.SelectOptionAsync("#add-role", "member");
        await page.ClickAsync("#invite-submit");
        await Assertions.Expect(page.Locator("#invitation-url")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"^{sophia.BaseUrl}/invite/"));

        await page.GetByLabel($"Role of {Colleague}").SelectOptionAsync("viewer");
        await Assertions.Expect(page.Locator("#admin-status")).ToHaveTextAsync($"{Colleague} is now viewer.");

        await page.FillAsync("#key-name", "reporting script");
        await page.ClickAsync("#key-create");
        var secret = page.Locator("#key-secret");
        await Assertions.Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(".{20,}"));
        var key = await secret.InputValueAsync();
        var keyRow = panel.Locator("#keys tr", new() { HasText = "reporting script" });
        await Assertions.Expect(keyRow).ToBeVisibleAsync();
        Assert.DoesNotContain(key, await panel.InnerTextAsync());

        await page.FillAsync("#quota-tenant-tokensPerDay", "900");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save company limits" }).ClickAsync();
        await Assertions.Expect(panel.Locator("#usage tr", new() { HasText = "Company" })).ToContainTextAsync("/ 900");

        var audit = panel.Locator("#audit");
        foreach (var action in new[] { "invitation.created", "user.role_changed", "api_key.created", "quota.changed" })
        {
            await Assertions.Expect(audit.Locator($"tr[data-action='{action}']")).ToHaveCountAsync(1);
        }

        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("admin");
        await ui.ResizeAsync(Dashboard.Phone);
        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("admin");

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke key reporting script" }).ClickAsync();
        await Assertions.Expect(panel.Locator("#keys")).ToHaveTextAsync("No keys.");
        await Assertions.Expect(secret).ToBeHiddenAsync();
        await Assertions.Expect(audit.Locator("tr[data-action='api_key.revoked']")).ToHaveCountAsync(1);
        await page.FillAsync("#audit-action", "api_key");
        await page.ClickAsync("#audit-refresh");
        await Assertions.Expect(audit.Locator("tr")).ToHaveCountAsync(2);
    }
}
