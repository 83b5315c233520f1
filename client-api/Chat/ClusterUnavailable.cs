using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Sophia.ClientApi.Chat;

/// <summary>Failures that mean the cluster could not be reached in time (a silo is being replaced), not that the request was wrong.</summary>
public static class ClusterUnavailable
{
    public const string Message = "Sophia's cluster is replacing a server and could not answer in time. Nothing was lost: send the same request again in a few seconds.";

    public static bool Is(Exception ex) => ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or ConnectionFailedException;
}
