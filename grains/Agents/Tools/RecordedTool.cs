using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Sophia.Tenancy;

namespace Sophia.Agents.Tools;

/// <summary>
/// A tool whose calls are recorded under an idempotency key (turn, step, tool, arguments) before they run and with
/// their result after, so a turn resumed after a crash replays a finished call and never runs one twice.
/// </summary>
internal sealed class RecordedTool(AIFunction tool, IGrainFactory grains, string turnKey, QuotaGuard quota) : DelegatingAIFunction(tool)
{
    internal const string OutcomeUnknown =
        "Sophia restarted while this tool was running, so whether it completed is unknown. Do not assume it did.";

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var run = grains.GetGrain<IToolRunGrain>($"{turnKey}/{Name}/{Fingerprint(arguments)}");
        if (await run.BeginAsync() is { } earlier)
        {
            return earlier.Result ?? OutcomeUnknown;
        }

        try
        {
            await quota.TakeToolCallAsync();
        }
        catch (QuotaExceededException refused)
        {
            await run.CompleteAsync($"{Name} was not run: {refused.Message}");
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
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await run.CompleteAsync($"{Name} failed: {ex.Message}");
            throw;
        }
    }

    private static string Fingerprint(AIFunctionArguments arguments)
    {
        var canonical = JsonSerializer.Serialize(arguments.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value?.ToString()));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }
}
