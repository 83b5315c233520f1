using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using Sophia.Tests.Auth;

namespace Sophia.Tests.RateLimits;

/// <summary>The limits' settings: checked at start naming the key, and switched off as a whole for load tests.</summary>
public sealed class RateLimitConfigurationTests
{
    [Theory]
    [InlineData("Sophia:RateLimits:Sends:PermitLimit", "0")]
    [InlineData("Sophia:RateLimits:V1:WindowSeconds", "-5")]
    [InlineData("Sophia:RateLimits:Uploads:PermitLimit", "many")]
    [InlineData("Sophia:RateLimits:Mcp:WindowSeconds", "1e9")]
    [InlineData("Sophia:Auth:SignInsPerAddressPerMinute", "60")]
    public async Task A_bad_value_stops_the_start_with_one_line_naming_the_key(string key, string value)
    {
        using var data = new TempFolder();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SophiaServer.StartAsync(data.Path, new Dictionary<string, string> { [key] = value }));

        Assert.Contains(key, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Enabled_false_switches_every_limit_off()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Sophia:RateLimits:Enabled"] = "false",
            ["Sophia:RateLimits:Sends:PermitLimit"] = "1",
            ["Sophia:RateLimits:V1:PermitLimit"] = "1",
            ["Sophia:RateLimits:SignIn:PermitLimit"] = "1",
        });

        var token = await server.TokenAsync();
        var again = await Api.SignInAsync(server.Http, "admin", SophiaServer.AdminPassword);
        var conversation = (await Api.PostAsync(server.Http, "/api/conversations", token, new { title = "unlimited" })).Body.GetProperty("id").GetString()!;
        await using var hub = await server.ConnectAsync(token);
        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await Api.PostAsync(server.Http, $"/api/conversations/{conversation}/messages", token, new { text = $"rest {i}" })).Status);
            statuses.Add((await Api.GetAsync(server.Http, "/v1/models", token)).Status);
            await hub.InvokeAsync<long>("SendMessage", conversation, $"hub {i}");
        }

        Assert.Equal(200, again.Status);
        Assert.All(statuses, s => Assert.Equal(200, s));
    }
}
