using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Sophia.Chat;
using Sophia.Gpu.Routing;
using Sophia.Placement;

namespace Sophia.Telemetry;

/// <summary>
/// What a silo can read off itself whenever <c>/metrics</c> is scraped: turns open here, its embedding queue, and the
/// active silos of each region as its membership view has them (every silo reports the whole cluster).
/// </summary>
public sealed class SiloGauges(
    IMeterFactory meters, IServiceProvider services, IClusterMembershipService membership, IConfiguration configuration, ILocalSiloDetails local)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ISiloMetadataCache? _metadata = services.GetService<ISiloMetadataCache>();

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(SiloGauges), ServiceLifecycleStage.Active, _ =>
    {
        var meter = meters.Create(SophiaDiagnostics.Name);
        var turns = services.GetRequiredService<OpenTurnRegistry>();
        meter.CreateObservableGauge("sophia.chat.open_conversations", () => turns.Count, "{conversation}", "Conversations on this silo with a turn running or waiting");
        if (services.GetService<EmbeddingDispatcher>() is { } embeddings)
        {
            meter.CreateObservableGauge("sophia.embedding.queue_depth", () => embeddings.Stats().Waiting, "{chunk}", "Chunks waiting on this silo for an embedding batch");
            meter.CreateObservableGauge("sophia.embedding.in_flight", () => embeddings.Stats().InFlight, "{chunk}", "Chunks of this silo's batches being embedded now");
        }

        meter.CreateObservableGauge("sophia.cluster.active_silos", ActiveSilosByRegion, "{silo}", "Active silos of each region, as this silo's membership view has them");
        return Task.CompletedTask;
    });

    private IEnumerable<Measurement<int>> ActiveSilosByRegion() => membership.CurrentSnapshot.Members.Values
        .Where(m => m.Status == SiloStatus.Active)
        .GroupBy(m => RegionOf(m.SiloAddress) ?? "")
        .Select(g => new Measurement<int>(g.Count(), SophiaDiagnostics.Tag("region", g.Key)));

    private string? RegionOf(SiloAddress silo) => _metadata is not null
        ? _metadata.GetSiloMetadata(silo).Metadata.GetValueOrDefault(HomeRegionOptions.MetadataKey)
        : silo.Equals(local.SiloAddress) ? configuration[$"Orleans:Metadata:{HomeRegionOptions.MetadataKey}"] : null;
}
