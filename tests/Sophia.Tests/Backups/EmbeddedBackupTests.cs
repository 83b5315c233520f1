using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sophia.Tests.Cluster;

namespace Sophia.Tests.Backups;

public sealed class EmbeddedBackupTests
{
    [Fact]
    public async Task Backup_taken_while_Sophia_runs_restores_every_conversation_into_a_new_data_folder()
    {
        using var data = new TempFolder();
        using var backups = new TempFolder();
        using var restored = new TempFolder();
        var backup = Path.Combine(backups.Path, "sophia-backup");
        var written = new Dictionary<string, Dictionary<long, string>>();
        string token;
        await using (var server = await SophiaServer.StartAsync(data.Path))
        {
            token = await server.TokenAsync();
            for (var c = 0; c < 3; c++)
            {
                var id = await ClusterChat.CreateConversationAsync(server.Http, token);
                written[id] = [];
                for (var m = 0; m < 2; m++)
                {
                    var text = $"conversation {c} message {m}";
                    var seq = await ClusterChat.TrySendAsync(server.Http, token, id, text);
                    written[id][Assert.NotNull(seq)] = text;
                }
            }

            var backedUp = await Silo("backup", backup, data.Path);
            Assert.True(backedUp.ExitCode == 0, backedUp.Output);
            Assert.Contains("jwt-signing.key", backedUp.Output);
            Assert.Contains("keys/", backedUp.Output);

            var whileRunning = await Silo("restore", backup, data.Path);
            Assert.True(whileRunning.ExitCode == 1, whileRunning.Output);
            Assert.Contains("Sophia is running on", whileRunning.Output);
        }

        var restoredOnce = await Silo("restore", backup, restored.Path);
        Assert.True(restoredOnce.ExitCode == 0, restoredOnce.Output);
        var overwrite = await Silo("restore", backup, restored.Path);
        Assert.True(overwrite.ExitCode == 1, overwrite.Output);
        Assert.Contains("already holds sophia.db; nothing was changed", overwrite.Output);

        await using var again = await SophiaServer.StartAsync(restored.Path);
        // The token signed before the backup still works: the signing key came back with the database.
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/conversations");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var listed = await again.Http.SendAsync(list);
        Assert.True(listed.IsSuccessStatusCode, $"{(int)listed.StatusCode} {await listed.Content.ReadAsStringAsync()}");
        var ids = (await listed.Content.ReadFromJsonAsync<List<JsonElement>>())!.Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.All(written.Keys, id => Assert.Contains(id, ids));
        foreach (var (id, messages) in written)
        {
            Assert.Equal(messages, await ClusterChat.UserMessagesAsync(again.Http, token, id));
        }
    }

    private static Task<(int ExitCode, string Output)> Silo(string command, string path, string dataDirectory) =>
        MigrateCommandTests.SiloCommandAsync([command, path, $"--Sophia:DataDirectory={dataDirectory}"]);
}
