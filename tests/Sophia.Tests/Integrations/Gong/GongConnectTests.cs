using System.Text.Json.Nodes;
using Sophia.Integrations;
using Sophia.Integrations.Gong;

namespace Sophia.Tests.Integrations.Gong;

public sealed class GongConnectTests
{
    private readonly GongIntegration _provider = new();

    [Theory]
    [InlineData("accessKey")]
    [InlineData("accessKeySecret")]
    public void A_missing_or_empty_key_field_is_refused_by_name(string field)
    {
        var body = new JsonObject { ["accessKey"] = "key", ["accessKeySecret"] = "secret" };
        body.Remove(field);
        var missing = Assert.Throws<IntegrationRefusedException>(() => _provider.Parse(body));
        body[field] = "  ";
        var empty = Assert.Throws<IntegrationRefusedException>(() => _provider.Parse(body));

        Assert.StartsWith($"'{field}' is missing", missing.Message);
        Assert.StartsWith($"'{field}' is missing", empty.Message);
    }

    [Theory]
    [InlineData(null, "https://api.gong.io/")]
    [InlineData("https://us-12345.api.gong.io", "https://us-12345.api.gong.io/")]
    [InlineData("https://us-12345.api.gong.io/v2/", "https://us-12345.api.gong.io/")]
    public void The_base_url_defaults_to_gongs_and_takes_the_accounts_own(string? baseUrl, string expected)
    {
        var body = new JsonObject { ["accessKey"] = "key", ["accessKeySecret"] = "secret" };
        if (baseUrl is not null)
        {
            body["baseUrl"] = baseUrl;
        }

        var parsed = _provider.Parse(body);

        Assert.Equal(expected, parsed.Settings["baseUrl"]!.GetValue<string>());
        Assert.Equal(["accessKey", "accessKeySecret"], parsed.Secrets.Keys.Order());
        Assert.DoesNotContain("secret", parsed.Settings.ToJsonString());
    }

    [Fact]
    public void A_base_url_that_is_not_http_is_refused()
    {
        var refused = Assert.Throws<IntegrationRefusedException>(() =>
            _provider.Parse(new JsonObject { ["baseUrl"] = "ftp://api.gong.io", ["accessKey"] = "key", ["accessKeySecret"] = "secret" }));

        Assert.Contains("'baseUrl'", refused.Message);
    }

    [Fact]
    public async Task A_wrong_key_secret_is_refused_on_check_with_gongs_answer_and_without_the_secret()
    {
        await using var server = await GongServer.StartAsync();
        using var gong = new GongUnderTest("gong-check", GongUnderTest.Body(server, secret: "not-the-secret-9"), null!);

        var refused = await Assert.ThrowsAsync<IntegrationRefusedException>(gong.CheckAsync);

        Assert.StartsWith("Gong refused the access key while checking it with GET /v2/users (401 Unauthorized, request ", refused.Message);
        Assert.DoesNotContain("not-the-secret-9", refused.Message);
        Assert.Equal(401, Assert.Single(server.Requests).Status);
    }

    [Fact]
    public async Task The_right_key_pair_passes_the_check_with_basic_authentication()
    {
        await using var server = await GongServer.StartAsync();
        server.Data.AddUser("Dana", "Reyes", "dana.reyes@sophia-sales.example");
        using var gong = new GongUnderTest("gong-check-ok", GongUnderTest.Body(server), null!);

        await gong.CheckAsync();

        Assert.Equal(200, Assert.Single(server.Requests).Status);
    }
}
