using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sophia.Tests.Postgres;
using Xunit.Abstractions;

namespace Sophia.Tests.Cluster;

public sealed class OperatorCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_operator_lists_regions_and_silos_and_drains_a_silo_but_never_the_last()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["west", "east"]);
        var token = await cluster.TokenAsync();

        var regions = await GetAsync(cluster, token, "/api/ops/regions");
        Assert.Equal("""[{"region":"east","active":1,"silos":1},{"region":"west","active":1,"silos":1}]""", regions.GetRawText());
        var west = (await GetAsync(cluster, token, "/api/ops/silos?region=west"))[0].GetProperty("silos")[0];
        var east = (await GetAsync(cluster, token, "/api/ops/silos?region=east"))[0].GetProperty("silos")[0];
        var (listed, table) = await cluster.RunSiloCommandAsync("ops", "silos", "west");
        output.WriteLine(table);
        Assert.Equal(0, listed);
        Assert.Contains(west.GetProperty("name").GetString()!, table);
        Assert.DoesNotContain(east.GetProperty("name").GetString()!, table);

        using var drain = await PostAsync(cluster, token, $"/api/ops/silos/{west.GetProperty("name").GetString()}/drain");
        Assert.Equal(HttpStatusCode.Accepted, drain.StatusCode);
        var process = cluster.SiloOnPort(int.Parse(west.GetProperty("address").GetString()!.Split(':')[^1]));
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, process.ExitCode);
        await cluster.WaitForActiveSilosAsync(1);

        var (refused, said) = await cluster.RunSiloCommandAsync("ops", "drain", east.GetProperty("name").GetString()!);
        Assert.Equal(1, refused);
        Assert.Contains("is the last active silo", said);
        using var unknown = await PostAsync(cluster, token, "/api/ops/silos/nowhere-1/drain");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var (_, afterwards) = await cluster.RunSiloCommandAsync("ops", "regions");
        output.WriteLine(afterwards);
        Assert.Matches(@"east\s+1\s+1", afterwards);
        Assert.Matches(@"west\s+0\s+1", afterwards);
    }

    private static async Task<JsonElement> GetAsync(LocalCluster cluster, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await cluster.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpResponseMessage> PostAsync(LocalCluster cluster, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await cluster.Http.SendAsync(request);
    }
}
