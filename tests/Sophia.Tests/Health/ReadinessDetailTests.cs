using System.Net;
using System.Text.Json;
using Sophia.Tests.Hub;

namespace Sophia.Tests.Health;

/// <summary>Anyone may ask whether Sophia is ready; only operators read what each check found (hosts, paths, errors).</summary>
[Collection(ServerCollection.Name)]
public sealed class ReadinessDetailTests(ServerFixture fixture)
{
    [Fact]
    public async Task An_anonymous_caller_gets_only_the_status()
    {
        using var ready = await fixture.Server.Http.GetAsync("/readyz");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"ready"}""", body);
    }

    [Fact]
    public async Task A_signed_in_user_who_is_not_an_operator_gets_only_the_status()
    {
        var member = await fixture.Server.CreateUserAsync($"reader-{Guid.NewGuid():N}"[..20]);

        using var ready = await fixture.Server.Http.SendAsync(fixture.Server.Request(HttpMethod.Get, "/readyz", member));
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"ready"}""", body);
        Assert.DoesNotContain(fixture.Server.DataDirectory, body);
    }

    [Fact]
    public async Task An_operator_gets_each_check_with_its_detail()
    {
        using var ready = await fixture.Server.ReadinessAsync();
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("up", body.RootElement.GetProperty("checks").GetProperty("sqlite").GetProperty("status").GetString());
    }
}
