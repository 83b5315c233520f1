using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sophia.Tests.Cluster;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Upgrade;

/// <summary>
/// Data made before tenants had members and roles opens unchanged. Each fixture was written by the release before
/// that change: an admin (password "oldpass1", shorter than today's rule, kept as it was chosen), one conversation
/// with a question and its answer, and one API key. One is an embedded data folder, the other the rows a cluster
/// wrote to PostgreSQL (service id "upgradefixture").
/// </summary>
public sealed class UpgradeTests
{
    private const string OldPassword = "oldpass1";
    private const string OldApiKey = "sk-sophia.ZGVmYXVsdA.TYOFjeWyEIOW.tr0hHsDz0GwCMltOEKMFTx7kvA-VTzys";
    private const string OldClusterApiKey = "sk-sophia.ZGVmYXVsdA.FwWd_KCyUzI8.XXa4Fs8lOv99H2H3eLEDC4WkM0Pp0ihP";

    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests/Sophia.Tests/Upgrade/Fixtures", name);

    [Fact]
    public async Task A_data_folder_from_before_roles_keeps_its_admin_as_owner_its_conversations_and_its_api_key()
    {
        using var folder = new TempFolder();
        File.Copy(Fixture("embedded-before-roles/sophia.db"), Path.Combine(folder.Path, "sophia.db"));
        await using var server = await SophiaServer.StartAsync(folder.Path);

        await AssertKeptAsync(server.Http, OldApiKey);
    }

    [Fact]
    public async Task A_database_from_before_roles_keeps_its_admin_as_owner_its_conversations_and_its_api_key()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await database.ExecuteAsync(await File.ReadAllTextAsync(Fixture("cluster-before-roles.sql")));
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"],
            new Dictionary<string, string> { ["Sophia__Cluster__ServiceId"] = "upgradefixture" }, OldPassword);

        await AssertKeptAsync(cluster.Http, OldClusterApiKey);
    }

    private static async Task AssertKeptAsync(HttpClient http, string apiKey)
    {
        // Twice: the first sign-in rehashes the old hash, the second checks the new one.
        await SignInAsync(http);
        var token = await SignInAsync(http);

        var me = await GetAsync<JsonElement>(http, "/api/me", token);
        Assert.Equal("owner", me.GetProperty("role").GetString());

        var conversation = Assert.Single(await GetAsync<List<JsonElement>>(http, "/api/conversations", token));
        Assert.Equal("Kept across the upgrade", conversation.GetProperty("title").GetString());
        var messages = await GetAsync<List<ChatEvent>>(http, $"/api/conversations/{conversation.GetProperty("id").GetString()}/messages", token);
        Assert.Contains(messages, m => m.Text == "What did we decide about the launch?");
        Assert.Contains(messages, m => m is { Role: "assistant", Type: "message" });

        using var models = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        models.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(models)).StatusCode);
    }

    private static async Task<string> SignInAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = OldPassword });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static async Task<T> GetAsync<T>(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web))!;
    }
}
