using System.Text;
using Microsoft.Extensions.AI;
using Sophia.Agents.Factory;
using Sophia.Agents.Swarm;
using Sophia.Agents.Tools;
using Sophia.Chat;
using static Sophia.Agents.StepEvents;

namespace Sophia.Agents;

/// <summary>The model's streamed answer: tools offered, deltas coalesced, and how the answer ends.</summary>
public sealed partial class MediatorAgentGrain
{
    /// <summary>
    /// Streams the model's answer with the persona's tools; ends with done, with an approval step when a risky tool was
    /// called, or without ending when the model handed the goal to the planner.
    /// </summary>
    private async Task AnswerAsync(IChatClient client, RunningTurn turn, Persona persona, List<ChatMessage> messages, bool offerPlan)
    {
        var tools = await ToolCatalog.ForAsync(persona.Tools, ToolContextFor(turn), turn, TurnKey(turn, step: 0));
        if (offerPlan)
        {
            tools.Add(PlanTool.For(turn));
        }

        var options = new ChatOptions { ModelId = persona.Model, Tools = tools };
        client = turn.Quota.Meter(client);
        if (tools.Count > 0)
        {
            client = new ChatClientBuilder(client).UseFunctionInvocation().Build();
        }

        var unsent = new StringBuilder();
        var lastFlush = 0L;
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(turn.Cancellation.Token);
        var updates = client.GetStreamingResponseAsync(messages, options, reading.Token).GetAsyncEnumerator(reading.Token);
        var next = updates.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                // Coalesce tokens that arrive within one flush interval into one durable delta, and flush what waits
                // once the interval is over even when the model pauses, so the reader never stares at a stale answer.
                if (unsent.Length > 0)
                {
                    var wait = DeltaFlushInterval - time.GetElapsedTime(lastFlush);
                    if (wait <= TimeSpan.Zero || await Task.WhenAny(next, Task.Delay(wait, time, turn.Cancellation.Token)) != next)
                    {
                        await FlushAsync(turn, unsent);
                        lastFlush = time.GetTimestamp();
                        continue;
                    }
                }

                if (!await next)
                {
                    break;
                }

                var update = updates.Current;
                turn.Count(update);
                foreach (var (step, detail) in turn.Steps(update, persona.Agent, time))
                {
                    await FlushAsync(turn, unsent);
                    await AppendAsync(turn, StepDraft(step, detail));
                }

                turn.Answer.Append(update.Text);
                unsent.Append(update.Text);
                next = updates.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // A stream may only be disposed once its pending read has ended: end it when the loop left early.
            if (!next.IsCompleted)
            {
                await reading.CancelAsync();
            }

            await next.ContinueWith(_ => { }, TaskScheduler.Current);
            await updates.DisposeAsync();
        }

        if (turn.Quota.Refused is not null || (turn.PlanRequest is not null && offerPlan) || turn.PendingApproval is not null)
        {
            await FlushAsync(turn, unsent);
        }

        turn.Quota.ThrowIfRefused();
        if (turn.PlanRequest is not null && offerPlan)
        {
            return;
        }

        if (turn.PendingApproval is { } call)
        {
            await PauseForApprovalAsync(turn, persona, call);
            return;
        }

        await (turn.Answer.Length == 0
            ? AppendAsync(turn, Draft(ChatEventTypes.Error, "The model returned an empty answer. Try again or rephrase."))
            : AppendAsync(turn, [.. TakeUnsent(unsent), Draft(ChatEventTypes.Message, turn.Answer.ToString()), Draft(ChatEventTypes.Done, "") with { Usage = turn.Usage(persona.Agent, persona.Model ?? model.ModelId) }]));
    }

    private static List<ChatMessage> ToChatMessages(Persona persona, IReadOnlyList<ChatEvent> history) =>
    [
        new(ChatRole.System, persona.Instructions),
        .. history.Select(m => new ChatMessage(m.Role == ChatRoles.User ? ChatRole.User : ChatRole.Assistant, m.Text)),
    ];

    private string TurnKey(RunningTurn turn, int step) => ToolRun.TurnKey(this.GetPrimaryKeyString(), turn.UserSeq, step);

    private ToolContext ToolContextFor(RunningTurn turn) => new(Conversation, this.GetPrimaryKeyString(), GrainFactory, time, http, toolOptions.Value, audit, turn.Quota, tenantTools);

    private async Task FlushAsync(RunningTurn turn, StringBuilder unsent)
    {
        if (unsent.Length > 0)
        {
            await AppendAsync(turn, TakeUnsent(unsent));
            DelayDeactivation(TimeSpan.FromMinutes(5));
        }
    }

    /// <summary>The text not yet sent as one delta, or nothing; the last one goes out with the answer's message and done, in one append.</summary>
    private static ChatEventDraft[] TakeUnsent(StringBuilder unsent)
    {
        if (unsent.Length == 0)
        {
            return [];
        }

        var delta = Draft(ChatEventTypes.Delta, unsent.ToString());
        unsent.Clear();
        return [delta];
    }
}
