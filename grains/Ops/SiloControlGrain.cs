using Microsoft.Extensions.Hosting;
using Sophia.Placement;

namespace Sophia.Ops;

/// <summary>Lives on the silo its key names (<see cref="SiloPinnedPlacement"/>) and drains that silo on request.</summary>
[SiloPinnedPlacement]
public sealed class SiloControlGrain(ILocalSiloDetails local, IHostApplicationLifetime lifetime) : Grain, ISiloControlGrain
{
    public Task DrainAsync()
    {
        if (this.GetPrimaryKeyString() != local.SiloAddress.ToParsableString())
        {
            throw new InvalidOperationException($"This activation runs on {local.SiloAddress}, not on the silo its key names.");
        }

        // Stopping only signals the host; the reply leaves before the silo's shutdown deactivates this grain.
        lifetime.StopApplication();
        return Task.CompletedTask;
    }
}
