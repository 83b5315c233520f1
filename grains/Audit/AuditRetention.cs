using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Sophia.Audit;

/// <summary>
/// Prunes entries past <see cref="AuditOptions.RetentionDays"/> at start and every <see cref="AuditOptions.PruneIntervalMinutes"/>,
/// on the injected clock. Every silo runs one; pruning twice removes nothing more.
/// </summary>
public sealed partial class AuditRetention(IAuditStore store, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.RetentionDays == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.PruneIntervalMinutes), time);
        do
        {
            await PruneOnceAsync(settings.RetentionDays, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PruneOnceAsync(int retentionDays, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-retentionDays);
        try
        {
            var pruned = await store.PruneAsync(cutoff, cancellationToken);
            if (pruned > 0)
            {
                LogPruned(pruned, cutoff);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next pass tries again; nothing is lost by a late prune.
            LogPruneFailed(ex, cutoff);
        }
    }

    [LoggerMessage(LogLevel.Information, "Audit retention removed {Count} entries recorded before {Cutoff:u}")]
    private partial void LogPruned(long count, DateTimeOffset cutoff);

    [LoggerMessage(LogLevel.Warning, "Audit retention could not prune entries before {Cutoff:u}; it tries again at its next pass")]
    private partial void LogPruneFailed(Exception exception, DateTimeOffset cutoff);
}
