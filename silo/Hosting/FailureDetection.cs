using Orleans.Configuration;

namespace Sophia.Silo.Hosting;

/// <summary>Membership timing: a killed silo is declared dead in 1 to 2 s instead of the default 12 to 13 s.</summary>
public static class FailureDetection
{
    public static void Configure(ClusterMembershipOptions options)
    {
        // A probe every second, each given a second: a killed silo refuses its probes at once, so two missed probes
        // declare it dead within 1 to 2 s; a healthy silo on a loaded box still answers a probe in well under that,
        // and two in a row must be missed.
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        // Silos that stopped writing I-am-alive for 2 x 3 s stop counting as voters, so survivors of a lost region (a
        // minority) can still declare the dead ones dead instead of waiting for votes that never come.
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(3);
        options.NumMissedTableIAmAliveLimit = 2;
    }
}
