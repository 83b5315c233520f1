using Sophia.Tenancy;

namespace Sophia.Tests.Auth;

/// <summary>What the "done" asks for: an owner invites 80 people, each joins, signs in and chats, and nobody sees another's conversations.</summary>
public sealed class CompanyOfUsersTests
{
    private const int People = 80;

    [Fact]
    public async Task Eighty_invited_people_each_sign_in_and_chat_and_see_only_their_own_conversation()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path);
        var owner = await server.TokenAsync();

        // Eight at a time, as a morning of people joining: each invitation accepted, then a sign-in, a conversation and a message.
        using var joining = new SemaphoreSlim(8);
        var conversations = await Task.WhenAll(Enumerable.Range(1, People).Select(async n =>
        {
            await joining.WaitAsync();
            try
            {
                return await JoinAndAskAsync(server, owner, $"colleague-{n:00}", n % 10 == 0 ? Roles.Viewer : Roles.Member);
            }
            finally
            {
                joining.Release();
            }
        }));

        foreach (var (session, conversation) in conversations)
        {
            var listed = (await Api.GetAsync(server.Http, "/api/conversations", session)).Body.EnumerateArray().Select(c => c.GetProperty("id").GetString());
            Assert.Equal([conversation], listed);
        }

        var members = (await Api.GetAsync(server.Http, "/api/users", owner)).Body.GetArrayLength();
        Assert.Equal(People + 1, members);
    }

    private static async Task<(string Session, string Conversation)> JoinAndAskAsync(SophiaServer server, string owner, string name, string role)
    {
        var invitation = await Api.PostAsync(server.Http, "/api/invitations", owner, new { username = name, role });
        Assert.Equal(201, invitation.Status);
        var token = invitation.Body.GetProperty("invitation").GetProperty("token").GetString();
        Assert.Equal(201, (await Api.PostAsync(server.Http, $"/api/invitations/{token}/accept", null, new { password = $"{name}-chose-this" })).Status);
        var session = await Api.TokenAsync(server.Http, name, $"{name}-chose-this");
        var conversation = (await Api.PostAsync(server.Http, "/api/conversations", session, new { title = $"{name}'s question" })).Body.GetProperty("id").GetString()!;
        Assert.Equal(200, (await Api.PostAsync(server.Http, $"/api/conversations/{conversation}/messages", session, new { text = $"a question from {name}" })).Status);
        return (session, conversation);
    }
}
