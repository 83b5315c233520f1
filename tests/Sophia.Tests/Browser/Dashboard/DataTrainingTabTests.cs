using System.Text;
using Microsoft.Playwright;
using Sophia.Tests.Integrations.GitHub;

namespace Sophia.Tests.Browser.Dashboard;

/// <summary>The Data Training tab: a person uploads a document, watches it ingest, sees the corpus grow, recalls it and forgets it.</summary>
public sealed class DataTrainingTabTests
{
    private const string Handbook = "The Lisbon office parking is behind the blue building; badges open the gate after seven.";

    [Fact]
    public async Task A_person_uploads_a_document_watches_it_ingest_recalls_it_with_its_source_and_forgets_it()
    {
        using var data = new TempFolder();
        await using var github = await GitHubApiServer.StartAsync();
        github.Tokens["ghp_dashboard"] = "octocat";
        github.Data.AddRepository("acme/app").AddIssue("Exports time out", "The CSV export of large invoices times out after 30 s.", github.Time.GetUtcNow().AddHours(-1));
        await using var sophia = await SophiaServer.StartAsync(data.Path);
        await using var ui = await Dashboard.OpenAsync(sophia, Dashboard.Desktop);
        ui.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var panel = await ui.OpenTabAsync("data");
        await Assertions.Expect(panel.Locator("#data-documents-count")).ToHaveTextAsync("0");

        await panel.Locator("#data-file").SetInputFilesAsync(new FilePayload { Name = "parking.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes(Handbook) });

        var upload = panel.Locator("#data-uploads li[data-name='parking.md']");
        await Assertions.Expect(upload).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("done"));
        await Assertions.Expect(upload.Locator("progress")).ToHaveAttributeAsync("value", "100");
        await Assertions.Expect(panel.Locator("#data-documents-count")).ToHaveTextAsync("1");
        await Assertions.Expect(panel.Locator("#data-stats")).ToContainTextAsync("upload");
        await Assertions.Expect(panel.Locator("#data-documents")).ToContainTextAsync("parking.md");

        await panel.Locator("#data-query").FillAsync("Where do I park in Lisbon?");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Recall" }).ClickAsync();
        var passage = panel.Locator("#data-passages li").First;
        await Assertions.Expect(passage).ToContainTextAsync("behind the blue building");
        await Assertions.Expect(passage.Locator(".data-source")).ToHaveTextAsync("parking.md");
        await Assertions.Expect(passage).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"score \d\.\d{3}"));
        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("data");

        // At phone width a file dropped on the drop zone goes the same way.
        await ui.ResizeAsync(Dashboard.Phone);
        await panel.Locator("#data-drop").EvaluateAsync("""
            zone => {
              const files = new DataTransfer();
              files.items.add(new File(["Expense reports are due on the fifth working day of each month."], "expenses.txt", { type: "text/plain" }));
              zone.dispatchEvent(new DragEvent("drop", { dataTransfer: files, bubbles: true, cancelable: true }));
            }
            """);
        await Assertions.Expect(panel.Locator("#data-uploads li[data-name='expenses.txt']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("done"));
        await Assertions.Expect(panel.Locator("#data-documents-count")).ToHaveTextAsync("2");
        await ui.AssertFitsAsync();
        await ui.ScreenshotAsync("data");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Forget parking.md" }).ClickAsync();
        await Assertions.Expect(panel.Locator("#data-documents")).Not.ToContainTextAsync("parking.md");
        await Assertions.Expect(panel.Locator("#data-documents-count")).ToHaveTextAsync("1");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Recall" }).ClickAsync();
        await Assertions.Expect(panel.Locator("#data-passages")).Not.ToContainTextAsync("blue building");

        // An admin connects GitHub from the tab: a wrong token is refused with GitHub's reason, the right one syncs.
        var connect = panel.Locator("#connect-integration");
        await connect.GetByLabel("Provider").SelectOptionAsync(new SelectOptionValue { Label = "GitHub (personal access token)" });
        await connect.GetByLabel("Settings (JSON; credentials are kept encrypted and never shown again)").FillAsync(GitHubUnderTest.TokenBody(github, "ghp_wrong", "acme/app").ToJsonString());
        await connect.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Assertions.Expect(connect.Locator(".status.error")).ToContainTextAsync("Bad credentials");
        await Assertions.Expect(panel.Locator("#data-integrations li")).ToHaveCountAsync(0);
        await connect.GetByLabel("Settings (JSON; credentials are kept encrypted and never shown again)").FillAsync(GitHubUnderTest.TokenBody(github, "ghp_dashboard", "acme/app").ToJsonString());
        await connect.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        var connected = panel.Locator("#data-integrations li[data-name=github]");
        await Assertions.Expect(connected).ToContainTextAsync("connected");
        await connected.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Assertions.Expect(connected).ToContainTextAsync(new System.Text.RegularExpressions.Regex("sync idle.*[1-9][0-9]* synced"));
        await Assertions.Expect(panel.Locator("#data-stats")).ToContainTextAsync("issue");
        await connected.GetByRole(AriaRole.Button, new() { Name = "Disconnect github" }).ClickAsync();
        await Assertions.Expect(panel.Locator("#data-integrations li")).ToHaveCountAsync(0);
    }
}
