using System.Net;

namespace Sophia.Tests.Health;

public sealed class OpsDashboardTests
{
    [Fact]
    public async Task Only_an_operator_opens_the_Orleans_dashboard()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path);
        var member = await server.CreateUserAsync("dana");
        var admin = await server.TokenAsync();

        using var anonymous = await server.Http.GetAsync("/ops/dashboard/");
        using var asMember = await server.Http.SendAsync(server.Request(HttpMethod.Get, "/ops/dashboard/ClusterStats", member));
        using var page = await server.Http.SendAsync(server.Request(HttpMethod.Get, "/ops/dashboard/", admin));
        using var stats = await server.Http.SendAsync(server.Request(HttpMethod.Get, "/ops/dashboard/ClusterStats", admin));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.True(stats.IsSuccessStatusCode, $"{(int)stats.StatusCode} {await stats.Content.ReadAsStringAsync()}");
    }
}
