using Sophia.Ops;
using Sophia.Telemetry;

namespace Sophia.Agents;

/// <summary>Each finished turn feeds the operators' latency, error and usage series.</summary>
public sealed partial class MediatorAgentGrain
{
    private async Task RecordTurnAsync(RunningTurn turn, TimeSpan elapsed)
    {
        try
        {
            var usage = turn.Usage(SwarmAgents.Mediator, model.ModelId);
            if (usage is not null)
            {
                SophiaDiagnostics.Tokens.Add(usage.InputTokens, SophiaDiagnostics.Tag("tenant", Tenant), SophiaDiagnostics.Tag("model", usage.Model), SophiaDiagnostics.Tag("direction", "input"));
                SophiaDiagnostics.Tokens.Add(usage.OutputTokens, SophiaDiagnostics.Tag("tenant", Tenant), SophiaDiagnostics.Tag("model", usage.Model), SophiaDiagnostics.Tag("direction", "output"));
            }

            var sample = new TurnSample(time.GetUtcNow(), elapsed.TotalMilliseconds, turn.Failed, await turn.Quota.OwnerKeyAsync(),
                usage?.Model, usage?.InputTokens ?? 0, usage?.OutputTokens ?? 0);
            await GrainFactory.GetGrain<IOpsMetricsGrain>(0).RecordTurnAsync(sample);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
        {
            // The series are a view; a turn never fails for them.
            logger.LogDebug(ex, "Turn metrics for {Conversation} not recorded", this.GetPrimaryKeyString());
        }
    }
}
