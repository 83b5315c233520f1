using System.Text.Json;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Cluster;

/// <summary>A conversation's turns as its PostgreSQL log holds them: what each acknowledged message got as its answer.</summary>
public sealed record TurnRecord(long Seq, int Messages, int Dones, int Errors, int ApprovalsAsked, long EndedAt);

public static class TurnLedger
{
    /// <summary>Every posted user message of the conversation with what its turn wrote, read straight from the log.</summary>
    public static async Task<IReadOnlyList<TurnRecord>> ReadAsync(PostgresTestDatabase database, string conversationId)
    {
        var rows = await database.QueryAsync(
            "SELECT seq, type, role, turn, step FROM chat_events WHERE conversation = @c ORDER BY seq",
            r => (Seq: r.GetInt64(0), Type: r.GetString(1), Role: r.GetString(2), Turn: r.IsDBNull(3) ? 0 : r.GetInt64(3), Step: r.IsDBNull(4) ? null : r.GetString(4)),
            ("c", GrainKeys.Of(GrainKeys.DefaultTenant, conversationId)));
        return rows.Where(r => r is { Type: ChatEventTypes.Message, Role: ChatRoles.User } && r.Turn == r.Seq)
            .Select(user =>
            {
                var turn = rows.Where(r => r.Turn == user.Seq && r.Seq > user.Seq).ToList();
                var ends = turn.Where(r => r.Type is ChatEventTypes.Done or ChatEventTypes.Error).ToList();
                return new TurnRecord(
                    user.Seq,
                    turn.Count(r => r is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }),
                    turn.Count(r => r.Type == ChatEventTypes.Done),
                    turn.Count(r => r.Type == ChatEventTypes.Error),
                    // Distinct ids: an approval shown again after a crash (the same id, decided once) is still one approval asked.
                    turn.Where(r => r.Type == ChatEventTypes.Step).Select(r => ApprovalAsked(r.Step)).OfType<string>().Distinct().Count(),
                    ends.Count == 0 ? 0 : ends[0].Seq);
            })
            .ToList();
    }

    /// <summary>The approvals the conversation's log asks for that nobody answered yet.</summary>
    public static async Task<IReadOnlyList<string>> PendingApprovalsAsync(PostgresTestDatabase database, string conversationId)
    {
        var steps = await database.QueryAsync(
            "SELECT step FROM chat_events WHERE conversation = @c AND type = 'step' AND step LIKE '%approval%'",
            r => JsonSerializer.Deserialize<StepInfo>(r.GetString(0), JsonSerializerOptions.Web)!,
            ("c", GrainKeys.Of(GrainKeys.DefaultTenant, conversationId)));
        var decided = steps.Where(s => s.Status is "approved" or "refused").Select(s => s.ApprovalId).ToHashSet();
        return steps.Where(s => s is { Action: "approval", Status: "pending" } && !decided.Contains(s.ApprovalId)).Select(s => s.ApprovalId!).Distinct().ToList();
    }

    private static string? ApprovalAsked(string? step) =>
        step is not null && JsonSerializer.Deserialize<StepInfo>(step, JsonSerializerOptions.Web) is { Action: "approval", Status: "pending", ApprovalId: var id } ? id : null;
}
