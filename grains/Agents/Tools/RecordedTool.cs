using System.Security.Cryptography;
using Microsoft.Extensions.AI;
using Sophia.Audit;
using Sophia.Telemetry;
using Sophia.Tenancy;

namespace Sophia.Agents.Tools;

/// <summary>
/// A tool whose calls are recorded under an idempotency key (turn, step, tool, arguments) before they run and with
/// their result after, so a turn resumed after a crash replays a finished call and never runs one twice. Each call
/// that runs is also written to the audit log.
/// </summary>
internal sealed class RecordedTool(AIFunction tool, ToolContext context, string turnKey) : DelegatingAIFunction(tool)
{
    internal const string OutcomeUnknown =
        "Sophia restarted while this tool was running, so whether it completed is unknown. Do not assume it did.";

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var run = context.Grains.GetGrain<IToolRunGrain>($"{turnKey}/{Name}/{Fingerprint(arguments)}");
        if (await run.BeginAsync() is { } earlier)
        {
            return earlier.Result ?? OutcomeUnknown;
        }

        var started = context.Time.GetTimestamp();
        try
        {
            await context.Quota.TakeToolCallAsync();
        }
        catch (QuotaExceededException refused)
        {
            await run.CompleteAsync($"{Name} was not run: {refused.Message}");
            Count("refused");
            // Inside the model's function-calling loop the exception becomes a result; the turn must end, not ask the model again.
            if (FunctionInvokingChatClient.CurrentContext is { } loop)
            {
                loop.Terminate = true;
            }

            throw;
        }

        try
        {
            var result = $"{await base.InvokeCoreAsync(arguments, cancellationToken)}";
            await run.CompleteAsync(result);
            Count("succeeded");
            await ToolAudit.RecordAsync(context, Name, arguments, succeeded: true, Elapsed(started));
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await run.CompleteAsync($"{Name} failed: {ex.Message}");
            Count("failed");
            await ToolAudit.RecordAsync(context, Name, arguments, succeeded: false, Elapsed(started));
            throw;
        }
    }

    private void Count(string outcome) =>
        SophiaDiagnostics.ToolCalls.Add(1, SophiaDiagnostics.Tag("tool", Name), SophiaDiagnostics.Tag("outcome", outcome));

    private long Elapsed(long started) => (long)context.Time.GetElapsedTime(started).TotalMilliseconds;

    private static string Fingerprint(AIFunctionArguments arguments) => Convert.ToHexString(SHA256.HashData(ToolArguments.Canonical(arguments)))[..16];
}
