using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sophia.Tests.Integrations;

/// <summary>
/// The model's side of a cited answer: it calls the given tools one after the other, then answers citing the first URL
/// each returned as [n], so the citations can only be right if every result reached the model.
/// </summary>
public static partial class CitingModel
{
    public static Func<RecordedRequest, ScriptedReply> Calling(string opening, params (string Tool, string Arguments)[] calls) => request =>
    {
        var results = request.Messages.Where(m => m.Role == "tool").Select(m => m.Content).ToList();
        return results.Count < calls.Length
            ? new ScriptedReply { Tokens = [], ToolCall = calls[results.Count] }
            : new ScriptedReply { Tokens = [opening, .. results.Select((r, i) => $"[{i + 1}] {Url().Match(r).Value} ")], TokenDelay = TimeSpan.Zero };
    };

    /// <summary>Connects an integration over REST as its admin would, failing with the answer when it is refused.</summary>
    public static async Task ConnectAsync(SophiaServer sophia, string token, string path, JsonObject body)
    {
        using var request = sophia.Request(HttpMethod.Put, path, token);
        request.Content = JsonContent.Create(body);
        using var response = await sophia.Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex(@"https?://[^\s)\]""]+")]
    private static partial Regex Url();
}
