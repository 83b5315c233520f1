using Orleans.Configuration;

namespace Sophia.Silo.Hosting;

/// <summary>Membership timing: a killed silo is declared dead in about 3 s instead of the default 12 to 13 s.</summary>
public static class FailureDetection
{
    public static void Configure(ClusterMembershipOptions options)
    {
        // Probes every second and a 2 s probe timeout: a killed silo misses its probes within ~2 s and the
        // survivors' votes declare it dead about a second later; healthy silos on a loaded box still answer in time.
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        // Silos that stopped writing I-am-alive for 2 x 3 s stop counting as voters, so survivors of a lost region (a
        // minority) can still declare the dead ones dead instead of waiting for votes that never come.
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(3);
        options.NumMissedTableIAmAliveLimit = 2;
    }
}
