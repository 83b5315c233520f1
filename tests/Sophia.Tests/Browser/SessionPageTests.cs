using Microsoft.Playwright;

namespace Sophia.Tests.Browser;

/// <summary>
/// Sign-in on the session cookie, the Admin screen and invitation links, driven through Chromium as people use them.
/// </summary>
public sealed class SessionPageTests
{
    private const int Desktop = 1280;
    private const int Phone = 390;

    [Fact]
    public async Task A_signed_in_session_survives_a_reload_and_no_token_is_kept_in_browser_storage()
    {
        using var data = new TempFolder();
        await using var sophia = await StartAsync(data);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.NewPageAsync(browser, Desktop);

        await SignInAsync(page, sophia, "admin", SophiaServer.AdminPassword, tenant: "default");
        await Assertions.Expect(page.Locator("#whoami")).ToHaveTextAsync("admin · owner");
        await page.ReloadAsync();

        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#whoami")).ToHaveTextAsync("admin · owner");
        Assert.False(await page.Locator("#login").IsVisibleAsync());
        var stored = await page.EvaluateAsync<string[]>("[...Object.keys(localStorage), ...Object.keys(sessionStorage)]");
        Assert.DoesNotContain(stored, key => key.Contains("token", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("sophia.session", await page.EvaluateAsync<string>("document.cookie"));

        await page.ClickAsync("#logout");
        await Assertions.Expect(page.Locator("#login")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#login")).ToBeVisibleAsync();

        await page.GotoAsync($"{sophia.BaseUrl}/?signin_error=The%20company%20login%20refused%20you.");
        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("The company login refused you.");
        Assert.False(await page.Locator("#sso").IsVisibleAsync());
    }

    [Fact]
    public async Task An_invited_person_joins_from_the_link_and_is_sent_back_to_sign_in_once_disabled()
    {
        using var data = new TempFolder();
        await using var sophia = await StartAsync(data);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var admin = await Chromium.NewPageAsync(browser, Desktop);
        await SignInAsync(admin, sophia, "admin", SophiaServer.AdminPassword);

        await admin.ClickAsync("#tab-admin");
        await Assertions.Expect(admin.Locator("#users li[data-username=admin]")).ToContainTextAsync("active");
        await admin.FillAsync("#add-username", "dana");
        await admin.SelectOptionAsync("#add-role", "member");
        await admin.ClickAsync("#invite-submit");
        await Assertions.Expect(admin.Locator("#invitation-url")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/invite/"));
        var link = await admin.InputValueAsync("#invitation-url");

        // Another browser, with no session of its own.
        var dana = await Chromium.NewPageAsync(browser, Phone);
        await dana.GotoAsync(link);
        await Assertions.Expect(dana.Locator("#invite")).ToBeVisibleAsync();
        await dana.FillAsync("#invite-password", "dana-chose-this-one");
        await dana.FillAsync("#invite-password-again", "dana-chose-this-one");
        await dana.ClickAsync("#invite-form button[type=submit]");
        await Assertions.Expect(dana.Locator("#app")).ToBeVisibleAsync();
        await Assertions.Expect(dana.Locator("#whoami")).ToHaveTextAsync("dana · member");
        Assert.Equal(sophia.BaseUrl + "/", dana.Url);
        Assert.False(await dana.Locator("#tab-admin").IsVisibleAsync());
        await dana.FillAsync("#new-title", "First day");
        await dana.ClickAsync("#new-conversation button");
        await Assertions.Expect(dana.Locator("#conversations li.active .title")).ToHaveTextAsync("First day");

        await admin.ClickAsync("#users-refresh");
        var danaRow = admin.Locator("#users li[data-username=dana]");
        await Assertions.Expect(danaRow).ToContainTextAsync("active");
        await danaRow.GetByRole(AriaRole.Button, new() { Name = "Disable dana" }).ClickAsync();
        await Assertions.Expect(danaRow).ToContainTextAsync("disabled");
        await Assertions.Expect(admin.Locator("#admin-status")).ToHaveTextAsync("dana is disabled.");

        await dana.FillAsync("#new-title", "Second day");
        await dana.ClickAsync("#new-conversation button");
        await Assertions.Expect(dana.Locator("#login")).ToBeVisibleAsync();
        await Assertions.Expect(dana.Locator("#login-error")).ToContainTextAsync("disabled");
    }

    [Fact]
    public async Task A_person_whose_password_an_admin_reset_chooses_a_new_one_while_signing_in()
    {
        using var data = new TempFolder();
        await using var sophia = await StartAsync(data);
        await sophia.CreateUserAsync("erik", "erik-first-password");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var admin = await Chromium.NewPageAsync(browser, Desktop);
        await SignInAsync(admin, sophia, "admin", SophiaServer.AdminPassword);
        await admin.ClickAsync("#tab-admin");
        admin.Dialog += async (_, dialog) => await dialog.AcceptAsync("temporary-password-9");
        await admin.Locator("#users li[data-username=erik]").GetByRole(AriaRole.Button, new() { Name = "Reset the password of erik" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#admin-status")).ToHaveTextAsync("erik must choose a new password at their next sign-in.");

        var erik = await Chromium.NewPageAsync(browser, Phone);
        await SignInAsync(erik, sophia, "erik", "temporary-password-9");
        await Assertions.Expect(erik.Locator("#new-password")).ToBeVisibleAsync();
        await erik.FillAsync("#password", "temporary-password-9");
        await erik.FillAsync("#new-password", "short");
        await erik.FillAsync("#new-password-again", "short");
        await erik.ClickAsync("#login-form button[type=submit]");
        await Assertions.Expect(erik.Locator("#login-error")).ToContainTextAsync("at least 12 characters");
        await erik.FillAsync("#new-password", "erik-chose-a-new-one");
        await erik.FillAsync("#new-password-again", "erik-chose-a-new-one");
        await erik.ClickAsync("#login-form button[type=submit]");
        await Assertions.Expect(erik.Locator("#whoami")).ToHaveTextAsync("erik · member");
    }

    private static Task<SophiaServer> StartAsync(TempFolder data) =>
        SophiaServer.StartAsync(data.Path, new Dictionary<string, string> { ["Sophia:Auth:SessionCacheSeconds"] = "1" });

    private static async Task SignInAsync(IPage page, SophiaServer sophia, string username, string password, string? tenant = null)
    {
        await page.GotoAsync(sophia.BaseUrl);
        if (tenant is not null)
        {
            await page.FillAsync("#tenant", tenant);
        }

        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-form button[type=submit]");
    }
}
