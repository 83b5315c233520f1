using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tests.Hub;

namespace Sophia.Tests.Web;

/// <summary>A person who runs <c>read_web_page</c> in a chat gets the page, or a plain refusal, never an error.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReadWebPageCommandTests(ServerFixture fixture) : IAsyncLifetime
{
    private TrickyWebsite _site = null!;

    public async Task InitializeAsync() => _site = await TrickyWebsite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Reading_the_cloud_metadata_address_is_refused_in_the_answer()
    {
        var answer = await RunAsync("/run read_web_page http://169.254.169.254/latest/meta-data/iam/");

        Assert.Contains("Sophia does not read link-local addresses (169.254.169.254)", answer);
    }

    [Fact]
    public async Task A_page_on_an_allowed_host_that_redirects_inward_is_refused_and_the_inner_page_never_read()
    {
        var inward = _site.Url("secret", host: "localhost");

        var answer = await RunAsync($"/run read_web_page {_site.Url($"redirect?to={Uri.EscapeDataString(inward)}")}");

        Assert.Contains("Sophia does not read loopback addresses (localhost resolves to 127.0.0.1)", answer);
        Assert.DoesNotContain("hunter2", answer);
        Assert.False(_site.Reads.ContainsKey("secret"));
    }

    [Fact]
    public async Task A_page_on_an_allowed_host_is_read_as_text()
    {
        var answer = await RunAsync($"/run read_web_page {_site.Url("article")}");

        Assert.Contains("Revenue grew by 12 % & costs fell.", answer);
        Assert.DoesNotContain("tracking-code", answer);
    }

    private async Task<string> RunAsync(string command)
    {
        await using var hub = await fixture.Server.ConnectAsync(await fixture.Server.TokenAsync());
        var id = await hub.InvokeAsync<string>("CreateConversation", "Reading the web");
        await hub.InvokeAsync<long>("SendMessage", id, command);
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type is ChatEventTypes.Done or ChatEventTypes.Error, $"the answer to '{command}'");
        Assert.Equal(ChatEventTypes.Done, events[^1].Type);
        return events.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text;
    }
}
