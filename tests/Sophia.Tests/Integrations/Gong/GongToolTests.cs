using System.Text.Json.Nodes;
using Sophia.Integrations;

namespace Sophia.Tests.Integrations.Gong;

public sealed class GongToolTests : IAsyncLifetime
{
    private static readonly DateTimeOffset LastWeek = DateTimeOffset.UtcNow.AddDays(-7);
    private GongServer _server = null!;
    private GongUnderTest _gong = null!;
    private GongCallData _initech = null!;

    public async Task InitializeAsync()
    {
        _server = await GongServer.StartAsync();
        var rep = _server.Data.AddUser("Dana", "Reyes", "dana.reyes@sophia-sales.example");
        _initech = _server.Data.AddCall("Initech security review", LastWeek,
            [
                new GongPartyData("p-rep", null, rep.Email, rep.Id, "s-rep", "Internal"),
                new GongPartyData("p-cust", "Peter Gibbons", "peter@initech.example", null, "s-cust", "External"),
            ],
            [
                new GongMonologueData("s-cust", "Security", ["Our auditors need single sign-on.", "And audit logs."]),
                new GongMonologueData("s-rep", "Security", ["Both ship in the enterprise plan."]),
                new GongMonologueData("s-cust", "Next Steps", ["Send us the security whitepaper."]),
            ]);
        _server.Data.AddCall("Globex discovery", LastWeek.AddDays(1),
            [new GongPartyData("p-g", "Hank Scorpio", "hank@globex.example", null, "s-g", "External")],
            [new GongMonologueData("s-g", "Intro", ["We are expanding."])]);
        _gong = new GongUnderTest("gong-tools", GongUnderTest.Body(_server), null!);
    }

    public async Task DisposeAsync()
    {
        _gong.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Search_answers_a_numbered_list_with_titles_dates_urls_and_parties()
    {
        var answer = await _gong.CallAsync("gong_search_calls", new JsonObject { ["query"] = "initech" });

        Assert.Contains($"[1] Initech security review — {LastWeek.UtcDateTime:yyyy-MM-dd HH:mm} UTC — {_initech.Url}", answer);
        Assert.Contains($"callId {_initech.Id}", answer);
        Assert.Contains("Dana Reyes <dana.reyes@sophia-sales.example> (internal), Peter Gibbons <peter@initech.example> (external)", answer);
        Assert.DoesNotContain("Globex", answer);
        Assert.Contains("Cite a call you use as [n] with its URL.", answer);
        var asked = JsonNode.Parse(_server.Requests.First(r => r.PathAndQuery == "/v2/calls/extensive").Body)!;
        Assert.True(asked["contentSelector"]!["exposedFields"]!["parties"]!.GetValue<bool>());
        Assert.NotNull(asked["filter"]!["fromDateTime"]);
    }

    [Fact]
    public async Task Search_by_participant_email_and_dates_finds_only_their_calls()
    {
        var day = LastWeek.AddDays(1).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var answer = await _gong.CallAsync("gong_search_calls", new JsonObject { ["participantEmail"] = "HANK@globex.example", ["fromDate"] = day, ["toDate"] = day });
        var none = await _gong.CallAsync("gong_search_calls", new JsonObject { ["participantEmail"] = "peter@initech.example", ["fromDate"] = day, ["toDate"] = day });

        Assert.Contains("[1] Globex discovery", answer);
        Assert.Contains("https://app.gong.io/call?id=", answer);
        Assert.DoesNotContain("Initech", answer);
        Assert.StartsWith("Gong has no call from", none);
    }

    [Fact]
    public async Task The_transcript_tool_answers_speaker_by_speaker_with_the_call_url()
    {
        var answer = await _gong.CallAsync("gong_call_transcript", new JsonObject { ["callId"] = _initech.Id });

        Assert.StartsWith("# Initech security review", answer);
        Assert.Contains("## Security", answer);
        Assert.Contains("Peter Gibbons: Our auditors need single sign-on. And audit logs.", answer);
        Assert.Contains("Dana Reyes: Both ship in the enterprise plan.", answer);
        Assert.Contains("## Next Steps", answer);
        Assert.Contains($"Cite this call with its URL: {_initech.Url}", answer);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_with_what_to_fix()
    {
        var notAnId = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _gong.CallAsync("gong_call_transcript", new JsonObject { ["callId"] = "last call" }));
        var nothing = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _gong.CallAsync("gong_search_calls", []));
        var unknown = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _gong.CallAsync("gong_call_transcript", new JsonObject { ["callId"] = "123" }));
        var badDate = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _gong.CallAsync("gong_search_calls", new JsonObject { ["fromDate"] = "last week" }));

        Assert.Contains("'callId' must be Gong's numeric call id", notAnId.Message);
        Assert.Contains("needs 'query', 'participantEmail', 'fromDate' or 'toDate'", nothing.Message);
        Assert.Equal("Gong has no call 123 that the access key may read.", unknown.Message);
        Assert.Contains("'fromDate' must be a day (YYYY-MM-DD)", badDate.Message);
    }
}
