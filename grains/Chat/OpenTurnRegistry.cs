using System.Collections.Concurrent;
using Sophia.Tenancy;

namespace Sophia.Chat;

/// <summary>
/// The conversations on this silo that have open turns. When membership declares any silo dead, each is asked to hand
/// its turns to its mediator again, so a turn whose mediator died with that silo resumes at once instead of after
/// its conversation's stall timer.
/// </summary>
public sealed class OpenTurnRegistry(IClusterMembershipService membership, IGrainFactory grains, ILogger<OpenTurnRegistry> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<string, byte> _conversations = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _watch = Task.CompletedTask;

    /// <summary>How many conversations on this silo have a turn open (running or waiting).</summary>
    public int Count => _conversations.Count;

    public void Add(string conversationKey) => _conversations.TryAdd(conversationKey, 0);

    public void Remove(string conversationKey) => _conversations.TryRemove(conversationKey, out _);

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(OpenTurnRegistry),
        ServiceLifecycleStage.Active,
        _ =>
        {
            _watch = Task.Run(() => WatchAsync(_stopping.Token));
            return Task.CompletedTask;
        },
        async _ =>
        {
            await _stopping.CancelAsync();
            await _watch.ContinueWith(_ => { }, TaskScheduler.Default);
        });

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var dead = new HashSet<SiloAddress>();
        var first = true;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                // The first snapshot also lists silos that died long ago; only deaths seen after it count.
                var newlyDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)).ToList();
                if (newlyDead.Count > 0 && !first)
                {
                    logger.LogInformation("Silo(s) {Silos} declared dead: checking {Count} conversation(s) with open turns", string.Join(", ", newlyDead.Select(m => m.SiloAddress)), _conversations.Count);
                    foreach (var key in _conversations.Keys)
                    {
                        _ = CheckQuietlyAsync(key);
                    }
                }

                first = false;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task CheckQuietlyAsync(string conversationKey)
    {
        try
        {
            using var system = CallerContext.EnterSystem();
            await grains.GetGrain<IConversationGrain>(conversationKey).CheckTurnsAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not check the open turns of {Conversation}", conversationKey);
        }
    }
}
