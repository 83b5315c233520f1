using System.Diagnostics;
using System.Text.Json;
using Sophia.Memory;
using Sophia.Tests.Auth;

namespace Sophia.Tests.Memory;

/// <summary>
/// Folder import reads only the caller's tenant folder: links out of it, unreadable files and other tenants' folders
/// are skipped or refused with the reason, and the rest is ingested.
/// </summary>
public sealed class FolderImportTests : IAsyncLifetime
{
    private const string Password = "a-long-enough-password";
    private const string GuideText = "The expense policy says receipts are filed by the fifth working day of each month.";
    private const string SharedText = "Parking spaces in the north garage are reserved for visitors on Fridays.";
    private const string OutsideSecret = "The vault combination outside the import root is seven seven three.";
    private const string AcmeSecret = "Acme's roadmap names the rocket skates launch for November.";

    private readonly TempFolder _data = new();
    private readonly TempFolder _importRoot = new();
    private readonly TempFolder _outside = new();
    private SophiaServer _server = null!;

    private string Default => Path.Combine(_importRoot.Path, "default");

    public async Task InitializeAsync()
    {
        var docs = Directory.CreateDirectory(Path.Combine(Default, "docs")).FullName;
        Directory.CreateDirectory(Path.Combine(Default, "shared"));
        Directory.CreateDirectory(Path.Combine(_importRoot.Path, "acme"));
        Directory.CreateDirectory(Path.Combine(_outside.Path, "folder"));
        await File.WriteAllTextAsync(Path.Combine(docs, "guide.md"), GuideText);
        await File.WriteAllTextAsync(Path.Combine(Default, "shared", "parking.md"), SharedText);
        await File.WriteAllTextAsync(Path.Combine(_outside.Path, "secret.md"), OutsideSecret);
        await File.WriteAllTextAsync(Path.Combine(_outside.Path, "folder", "more-secrets.md"), OutsideSecret);
        await File.WriteAllTextAsync(Path.Combine(_importRoot.Path, "acme", "roadmap.md"), AcmeSecret);
        await File.WriteAllTextAsync(Path.Combine(docs, "big.txt"), new string('x', 5_000));

        File.CreateSymbolicLink(Path.Combine(docs, "to-outside-file.md"), Path.Combine(_outside.Path, "secret.md"));
        Directory.CreateSymbolicLink(Path.Combine(docs, "to-outside-folder"), Path.Combine(_outside.Path, "folder"));
        File.CreateSymbolicLink(Path.Combine(docs, "to-acme.md"), Path.Combine("..", "..", "acme", "roadmap.md"));
        File.CreateSymbolicLink(Path.Combine(docs, "to-shared.md"), Path.Combine("..", "shared", "parking.md"));
        File.CreateSymbolicLink(Path.Combine(docs, "broken.md"), "gone.md");
        Directory.CreateSymbolicLink(Path.Combine(Default, "outside-folder"), _outside.Path);
        await MakeFifoAsync(Path.Combine(docs, "pipe.txt"));
        await File.WriteAllTextAsync(Path.Combine(docs, "locked.md"), "This note is readable by its owner only.");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(docs, "locked.md"), UnixFileMode.None);
        }

        var settings = new Dictionary<string, string>(PermissionMatrixTests.Settings)
        {
            ["Sophia:Memory:ImportRoot"] = _importRoot.Path,
            ["Sophia:Memory:MaxDocumentBytes"] = "4000",
        };
        _server = await SophiaServer.StartAsync(_data.Path, settings);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
        _importRoot.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task Links_out_of_the_tenant_folder_and_unreadable_files_are_skipped_with_the_reason_while_the_rest_is_ingested()
    {
        var token = await _server.TokenAsync();

        var answer = await Api.PostAsync(_server.Http, "/api/memory/folder?scope=user", token, new { path = "docs" });

        Assert.Equal(202, answer.Status);
        var files = answer.Body.EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f);
        Assert.Contains("links outside your tenant's import folder", Skipped(files, "docs/to-outside-file.md"));
        Assert.Contains("links outside your tenant's import folder", Skipped(files, "docs/to-outside-folder"));
        Assert.Contains("links outside your tenant's import folder", Skipped(files, "docs/to-acme.md"));
        Assert.Contains("no longer exists", Skipped(files, "docs/broken.md"));
        Assert.Contains("not a regular file", Skipped(files, "docs/pipe.txt"));
        Assert.Contains("the limit is 4000", Skipped(files, "docs/big.txt"));
        if (!Environment.IsPrivilegedProcess)
        {
            // A privileged process reads a file whatever its mode, so only an ordinary user sees it refused.
            Assert.Contains("permission denied", Skipped(files, "docs/locked.md"));
        }

        Assert.Equal(JsonValueKind.Object, files["docs/guide.md"].GetProperty("status").ValueKind);
        Assert.Equal(JsonValueKind.Object, files["docs/to-shared.md"].GetProperty("status").ValueKind);
        Assert.DoesNotContain(files.Keys, p => p.Contains("more-secrets", StringComparison.Ordinal));

        await WaitStoredAsync(token, files.Values.Where(f => f.GetProperty("status").ValueKind == JsonValueKind.Object).Select(f => f.GetProperty("status").GetProperty("documentId").GetString()!));
        Assert.Contains(GuideText, await RecallAsync(token, "When are receipts filed?"));
        Assert.Contains(SharedText, await RecallAsync(token, "Who parks in the north garage?"));
        var recalled = await RecallAsync(token, "What is the vault combination? rocket skates launch");
        Assert.DoesNotContain("vault combination", recalled);
        Assert.DoesNotContain("rocket skates", recalled);
    }

    [Theory]
    [InlineData("../acme")]
    [InlineData("outside-folder")]
    [InlineData("/etc")]
    public async Task A_folder_that_resolves_outside_the_tenant_folder_is_refused(string path)
    {
        var answer = await Api.PostAsync(_server.Http, "/api/memory/folder?scope=user", await _server.TokenAsync(), new { path });

        Assert.Equal(400, answer.Status);
        Assert.Contains("is not a folder inside your tenant's import folder", answer.Title);
    }

    [Fact]
    public async Task Each_tenant_imports_only_from_its_own_folder()
    {
        var operatorToken = await _server.TokenAsync();
        Assert.Equal(201, (await Api.PostAsync(_server.Http, "/api/tenants", operatorToken, new { tenant = "acme", owner = new { username = "wile", password = Password } })).Status);
        var acme = await Api.TokenAsync(_server.Http, "wile", Password, "acme");

        var own = await Api.PostAsync(_server.Http, "/api/memory/folder?scope=user", acme, new { path = "" });
        var climbing = await Api.PostAsync(_server.Http, "/api/memory/folder?scope=user", acme, new { path = "../default/docs" });

        Assert.Equal(202, own.Status);
        Assert.Equal(["roadmap.md"], own.Body.EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(400, climbing.Status);
    }

    private static string Skipped(Dictionary<string, JsonElement> files, string path) =>
        Assert.Contains(path, (IDictionary<string, JsonElement>)files).GetProperty("skipped").GetString() ?? "";

    private async Task<string> RecallAsync(string token, string query)
    {
        var answer = await Api.PostAsync(_server.Http, "/api/memory/recall?scope=user", token, new { query, topK = 10 });
        Assert.Equal(200, answer.Status);
        return string.Join("\n", answer.Body.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
    }

    private async Task WaitStoredAsync(string token, IEnumerable<string> documentIds)
    {
        foreach (var id in documentIds)
        {
            await Within.Wait(PollAsync(id), $"document {id} to be stored", TimeSpan.FromSeconds(120));
        }

        async Task<bool> PollAsync(string id)
        {
            while ((await Api.GetAsync(_server.Http, $"/api/memory/documents/{id}?scope=user", token)).Body.GetProperty("state").GetString() != IngestionStates.Stored)
            {
                await Task.Delay(100);
            }

            return true;
        }
    }

    private static async Task MakeFifoAsync(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
