using System.Net.Http.Json;
using Sophia.Tenancy;

namespace Sophia.Tests.Auth;

/// <summary>Sign-in is rate limited per address and per username, and repeated failures lock the account: 429 with Retry-After.</summary>
public sealed class SignInLimitsTests
{
    [Fact]
    public async Task Too_many_sign_ins_from_one_address_answer_429_with_retry_after_saying_when()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, new Dictionary<string, string> { ["Sophia:RateLimits:SignIn:PermitLimit"] = "5" });

        var answers = new List<Api.Answer>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await Api.SignInAsync(server.Http, $"nobody-{i}", "whatever-password"));
        }

        Assert.All(answers.Take(5), a => Assert.Equal(401, a.Status));
        var refused = answers[5];
        Assert.Equal(429, refused.Status);
        Assert.Contains("from this address", refused.Title);
        Assert.Contains("Try again in", refused.Title);
        Assert.True(int.Parse(refused.Response.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
    }

    [Fact]
    public async Task Too_many_sign_ins_for_one_username_answer_429_whichever_address_they_come_from()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, new Dictionary<string, string> { ["Sophia:Auth:SignInsPerUsernamePerMinute"] = "3" });

        var answers = new List<Api.Answer>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await Api.SignInAsync(server.Http, "admin", SophiaServer.AdminPassword));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(200, a.Status));
        Assert.Equal(429, answers[3].Status);
        Assert.Contains("for this username", answers[3].Title);
        Assert.True(answers[3].Response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Ten_wrong_passwords_lock_the_account_and_even_the_right_one_then_answers_429_until_when()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path);
        var token = await server.CreateUserAsync("ann", "the-right-password");

        var wrong = new List<Api.Answer>();
        for (var i = 0; i < 10; i++)
        {
            wrong.Add(await Api.SignInAsync(server.Http, "ann", $"wrong-password-{i}"));
        }

        var right = await Api.SignInAsync(server.Http, "ann", "the-right-password");

        Assert.All(wrong.Take(9), a => Assert.Equal(401, a.Status));
        Assert.Equal(429, wrong[9].Status);
        Assert.Equal(429, right.Status);
        Assert.Contains("locked until", right.Title);
        Assert.InRange(int.Parse(right.Response.Headers.GetValues("Retry-After").Single()), 14 * 60, 15 * 60);
        // The lockout stops new sign-ins; a session already open goes on.
        Assert.Equal(200, (await Api.GetAsync(server.Http, "/api/me", token)).Status);
    }

    [Fact]
    public async Task New_passwords_need_twelve_characters_and_must_not_be_the_username()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path);
        var admin = await server.TokenAsync();

        var shortOne = await Api.PostAsync(server.Http, "/api/users", admin, new { username = "bo", role = Roles.Member, password = "short-one" });
        var sameAsName = await Api.PostAsync(server.Http, "/api/users", admin, new { username = "bartholomew1", role = Roles.Member, password = "Bartholomew1" });
        var users = await Api.GetAsync(server.Http, "/api/users", admin);

        Assert.Equal(400, shortOne.Status);
        Assert.Contains("at least 12 characters", shortOne.Title);
        Assert.Equal(400, sameAsName.Status);
        Assert.Contains("not be the username", sameAsName.Title);
        Assert.Equal(["admin"], users.Body.EnumerateArray().Select(u => u.GetProperty("username").GetString()));
    }
}
