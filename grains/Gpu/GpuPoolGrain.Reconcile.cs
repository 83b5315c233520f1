using Sophia.Gpu.Lambda;

namespace Sophia.Gpu;

/// <summary>The reconcile pass: observe the real instances, adopt forgotten ones, release unwanted ones, launch missing ones.</summary>
public sealed partial class GpuPoolGrain
{
    private string? _problem;
    private IReadOnlyDictionary<string, LambdaInstanceTypeOffer>? _offers;

    private static bool IsAlive(LambdaInstance instance) => instance.Status is not (LambdaStatus.Terminated or LambdaStatus.Terminating);

    private async Task ObserveAsync(List<LambdaInstance> owned, GpuInstanceNames names)
    {
        var byLease = owned.GroupBy(i => names.LeaseIdOf(i.Name)!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var lease in Leases.ToList())
        {
            var instances = byLease.Remove(lease.Id, out var found) ? found : [];
            var instance = await KeepOneAsync(instances, lease.InstanceId);
            if (instance is null && lease is { InstanceId: { } id, State: not GpuLeaseState.Terminated })
            {
                // The listing can lag a launch: ask for the instance itself before calling it gone.
                instance = await lambda.GetInstanceAsync(id);
            }

            Replace(await ObserveAsync(lease, instance));
        }

        // Owned by name but missing from the records: launched just before a crash, or state lost. Adopt; convergence decides.
        foreach (var (leaseId, instances) in byLease)
        {
            var instance = await KeepOneAsync(instances, null);
            if (instance is null || instance.Status == LambdaStatus.Terminated)
            {
                continue;
            }

            var adopted = new GpuLease(leaseId, GpuLeaseState.Launching, names.For(leaseId), instance.Id, instance.Region?.Name, null,
                instance.InstanceType?.PriceCentsPerHour ?? 0, time.GetUtcNow(), Note: "adopted: running under this pool's name but missing from its records");
            Leases.Add(adopted);
            Replace(await ObserveAsync(adopted, instance));
            logger.LogWarning("GPU pool {Region} adopted instance {InstanceId} ({Name})", Region, instance.Id, instance.Name);
        }

        await state.WriteStateAsync();
    }

    /// <summary>The instance a lease stands for; any second live instance under the same name is terminated.</summary>
    private async Task<LambdaInstance?> KeepOneAsync(List<LambdaInstance> instances, string? recordedId)
    {
        var keep = instances.FirstOrDefault(i => i.Id == recordedId) ?? instances.FirstOrDefault(IsAlive) ?? instances.FirstOrDefault();
        foreach (var duplicate in instances.Where(i => i != keep && IsAlive(i)))
        {
            logger.LogWarning("GPU pool {Region} terminates duplicate instance {InstanceId} ({Name})", Region, duplicate.Id, duplicate.Name);
            await TerminateAsync(duplicate.Id);
        }

        return keep;
    }

    private async Task<GpuLease> ObserveAsync(GpuLease lease, LambdaInstance? instance)
    {
        if (instance is null)
        {
            return lease.State is GpuLeaseState.Requested or GpuLeaseState.Terminated ? lease : Terminated(lease, "the provider no longer lists the instance");
        }

        var now = time.GetUtcNow();
        lease = lease with
        {
            InstanceId = instance.Id,
            ProviderRegion = instance.Region?.Name ?? lease.ProviderRegion,
            PriceCentsPerHour = instance.InstanceType?.PriceCentsPerHour ?? lease.PriceCentsPerHour,
            LaunchedAt = lease.LaunchedAt ?? now,
        };
        switch (instance.Status)
        {
            case LambdaStatus.Terminated:
                return Terminated(lease, null);
            case LambdaStatus.Terminating:
                return lease with { State = GpuLeaseState.Terminating, Endpoint = null };
            case LambdaStatus.Unhealthy or LambdaStatus.Preempted:
                return lease with { State = GpuLeaseState.Draining, Note = $"the provider reports the instance {instance.Status}" };
        }

        if (lease.State is GpuLeaseState.Draining or GpuLeaseState.Terminating or GpuLeaseState.Terminated)
        {
            // Still running although we let it go (or a terminate was lost): terminate it (again).
            return lease with { State = GpuLeaseState.Draining, TerminatedAt = null };
        }

        if (instance.Status == LambdaStatus.Active && instance.Ip is { Length: > 0 } ip)
        {
            var endpoint = probe.EndpointOf(ip);
            if (await probe.IsHealthyAsync(endpoint))
            {
                return lease with { State = GpuLeaseState.Ready, Endpoint = endpoint, ReadyAt = lease.ReadyAt ?? now, HealthyAt = now };
            }

            lease = lease with { Endpoint = endpoint };
        }

        // A worker that never came up, or stopped answering, bills for nothing: replace it after the boot timeout.
        return now - (lease.HealthyAt ?? lease.LaunchedAt) > Options.BootTimeout
            ? lease with { State = GpuLeaseState.Draining, Note = $"its worker has not answered {Options.HealthPath} for {Options.BootTimeoutSeconds} s" }
            : lease with { State = GpuLeaseState.Booting };
    }

    private async Task ConvergeAsync(GpuInstanceNames names)
    {
        var wanted = Leases.Where(IsWanted).ToList();
        var desired = GpuPoolPlanner.Desired(state.State, Options, wanted.Count, time.GetUtcNow());
        var (keep, release) = GpuPoolPlanner.Choose(wanted, desired, Options.SpendCapCentsPerHour);
        if (state.State.Paused)
        {
            release.AddRange(keep.Where(l => l.State == GpuLeaseState.Requested));
            keep.RemoveAll(l => l.State == GpuLeaseState.Requested);
        }

        foreach (var lease in release.Concat(Leases.Where(l => l.State == GpuLeaseState.Draining)).ToList())
        {
            await ReleaseAsync(lease);
        }

        if (state.State.Paused)
        {
            return;
        }

        foreach (var pending in keep.Where(l => l.State == GpuLeaseState.Requested))
        {
            // Its launch may have happened without the listing showing it yet: launching again now could bill twice.
            var settled = pending.RequestedAt + TimeSpan.FromSeconds(Options.LaunchSettleSeconds);
            if (time.GetUtcNow() < settled)
            {
                _problem = $"Waiting until {settled:u} to see whether the launch of {pending.InstanceName} went through before trying again.";
                continue;
            }

            await LaunchAsync(pending);
        }

        var count = keep.Count;
        while (count < desired && await LaunchNewAsync(names))
        {
            count++;
        }
    }

    private async Task ReleaseAsync(GpuLease lease)
    {
        if (lease.InstanceId is null)
        {
            Replace(Terminated(lease, "no longer wanted before it was launched"));
            await state.WriteStateAsync();
            return;
        }

        Replace(lease with { State = GpuLeaseState.Draining });
        await state.WriteStateAsync();
        var gone = await TerminateAsync(lease.InstanceId);
        Replace(gone ? Terminated(lease, "unknown to the provider when terminated") : lease with { State = GpuLeaseState.Terminating, Endpoint = null });
        await state.WriteStateAsync();
    }

    /// <summary>Terminates an instance; true when the provider did not know it (so nothing bills).</summary>
    private async Task<bool> TerminateAsync(string instanceId)
    {
        try
        {
            await lambda.TerminateAsync([instanceId]);
            return false;
        }
        catch (LambdaApiException ex) when (ex.IsNotFound)
        {
            return true;
        }
    }
}
