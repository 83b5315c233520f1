using Orleans.Runtime;
using Sophia.Tests.Infrastructure;

namespace Sophia.Load;

/// <summary>
/// What an idle conversation costs a silo: Sophia in this process, conversations each opened and answered once over the
/// hub and then left alone; the managed heap after a full collection, before and after, divided by their number.
/// </summary>
public static class IdleConversations
{
    private const int Warmup = 100;

    public static async Task<int> RunAsync(int count)
    {
        await using var model = await OpenAiCompatibleServer.StartAsync();
        model.Responder = _ => new ScriptedReply { Tokens = ["ok"], TokenDelay = TimeSpan.Zero };
        using var data = new TempFolder();
        await using var sophia = await SophiaServer.StartAsync(data.Path, new Dictionary<string, string>(model.SophiaSettings()) { ["Sophia:RateLimits:Enabled"] = "false" });
        var token = await sophia.TokenAsync();
        var management = sophia.Grains.GetGrain<IManagementGrain>(0);

        await OpenAndAnswerAsync(sophia, token, Warmup);
        model.Requests.Clear();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var activationsBefore = await management.GetTotalActivationCount();

        await OpenAndAnswerAsync(sophia, token, count);
        model.Requests.Clear();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var activationsAfter = await management.GetTotalActivationCount();

        var perConversation = (heapAfter - heapBefore) / (double)count;
        Console.WriteLine($"{count} idle conversations (each answered once): {activationsAfter - activationsBefore} new activations, " +
            $"managed heap +{(heapAfter - heapBefore) / 1024.0 / 1024.0:0.0} MB, {perConversation / 1024.0:0.0} KB per conversation " +
            $"({perConversation / Math.Max(1, (activationsAfter - activationsBefore) / (double)count) / 1024.0:0.0} KB per activation); " +
            $"100,000 would take {perConversation * 100_000 / 1024 / 1024 / 1024:0.00} GB");
        return 0;
    }

    private static async Task OpenAndAnswerAsync(SophiaServer sophia, string token, int count) =>
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            await using var session = await SophiaSession.OpenAsync(sophia.Http, token, cancellationToken);
            await session.SendAsync($"hello {i}", cancellationToken);
        });
}
