using System.Text.Json.Nodes;
using static Sophia.Integrations.Providers.ToolSchema;

namespace Sophia.Integrations.Gong;

/// <summary>The tools a Gong integration offers agents, with the JSON schema of each one's arguments.</summary>
internal static class GongTools
{
    public const string SearchCalls = "gong_search_calls";
    public const string CallTranscript = "gong_call_transcript";

    public static IReadOnlyList<IntegrationToolSpec> For(string integration) =>
    [
        new(SearchCalls, integration,
            "Finds recorded Gong calls (sales and customer calls) by words in their title or participants, a date range and a participant's email; returns a numbered list with each call's title, date, URL, participants and id.",
            Schema([],
                ("query", Text("words the call's title or a participant's name, email or company contains")),
                ("fromDate", Text("first day to search, YYYY-MM-DD or an ISO-8601 time (default 90 days ago)")),
                ("toDate", Text("last day to search, YYYY-MM-DD or an ISO-8601 time (default now)")),
                ("participantEmail", Text("email address of someone who took part in the call"))),
            false),
        new(CallTranscript, integration,
            "Reads the transcript of one Gong call, speaker by speaker, with its title, date, participants and URL.",
            Schema(["callId"], ("callId", Text("the call's Gong id, as gong_search_calls lists it"))),
            false),
    ];
}
