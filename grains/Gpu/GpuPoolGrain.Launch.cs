using Sophia.Gpu.Lambda;

namespace Sophia.Gpu;

/// <summary>Launching: a lease is recorded as requested before the launch call, and launched in the first region with capacity.</summary>
public sealed partial class GpuPoolGrain
{
    private async Task<bool> LaunchNewAsync(GpuInstanceNames names)
    {
        if (await OfferAsync() is not { } offer)
        {
            return false;
        }

        var price = offer.InstanceType.PriceCentsPerHour;
        var billing = Leases.Where(l => l.IsLive).Sum(l => l.PriceCentsPerHour);
        if (billing + price > Options.SpendCapCentsPerHour)
        {
            _problem = $"Spend cap reached: {billing} of {Options.SpendCapCentsPerHour} cents/hour committed, and another {offer.InstanceType.Name} costs {price} (Sophia:Gpu:SpendCapCentsPerHour).";
            return false;
        }

        var id = GpuInstanceNames.NewLeaseId();
        var lease = new GpuLease(id, GpuLeaseState.Requested, names.For(id), null, null, null, price, time.GetUtcNow());
        Leases.Add(lease);
        // Durable before the launch call: after a crash, the next pass finds the instance by this name instead of launching again.
        await state.WriteStateAsync();
        return await LaunchAsync(lease);
    }

    private async Task<bool> LaunchAsync(GpuLease lease)
    {
        var settings = lambdaOptions.Value;
        if (lease.RequestedAt != time.GetUtcNow())
        {
            // A retried launch: its time restarts the wait before any further retry.
            lease = lease with { RequestedAt = time.GetUtcNow() };
            Replace(lease);
            await state.WriteStateAsync();
        }

        if (await OfferAsync() is not { } offer)
        {
            Replace(Terminated(lease, _problem));
            return false;
        }

        var withCapacity = offer.RegionsWithCapacityAvailable.Select(r => r.Name).ToHashSet();
        var candidates = (settings.Regions.Count > 0 ? settings.Regions : withCapacity.Order().ToList()).Where(withCapacity.Contains).ToList();
        var userData = LambdaUserData.Build(settings, Options.WorkerPort, Options.WorkerApiKey);
        foreach (var region in candidates)
        {
            var request = new LambdaLaunchRequest(region, settings.InstanceType, [settings.SshKeyName!], lease.InstanceName, userData,
                [new LambdaTag("sophia-cluster", Options.ClusterId), new LambdaTag("sophia-pool", Region)]);
            if (await lambda.LaunchAsync(request) is LambdaLaunchResult.Launched { InstanceIds: [var instanceId, ..] })
            {
                Replace(lease with
                {
                    State = GpuLeaseState.Launching,
                    InstanceId = instanceId,
                    ProviderRegion = region,
                    PriceCentsPerHour = offer.InstanceType.PriceCentsPerHour,
                    LaunchedAt = time.GetUtcNow(),
                });
                await state.WriteStateAsync();
                logger.LogInformation("GPU pool {Region} launched {InstanceId} ({Name}) in {ProviderRegion}", Region, instanceId, lease.InstanceName, region);
                return true;
            }
        }

        var tried = candidates.Count > 0 ? string.Join(", ", candidates) : "any region";
        _problem = $"No capacity for {settings.InstanceType} in {tried} (Sophia:Gpu:Lambda:Regions); the next pass tries again.";
        Replace(Terminated(lease, _problem));
        await state.WriteStateAsync();
        return false;
    }

    /// <summary>The configured instance type as offered now (price and capacity are read at run time, once per pass).</summary>
    private async Task<LambdaInstanceTypeOffer?> OfferAsync()
    {
        _offers ??= await lambda.ListInstanceTypesAsync();
        if (_offers.TryGetValue(lambdaOptions.Value.InstanceType, out var offer))
        {
            return offer;
        }

        _problem = $"Lambda Cloud does not offer instance type '{lambdaOptions.Value.InstanceType}' (Sophia:Gpu:Lambda:InstanceType).";
        return null;
    }
}
