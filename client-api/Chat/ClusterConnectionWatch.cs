namespace Sophia.ClientApi.Chat;

/// <summary>
/// Tells the gateway's grain calls when a connection to a silo was lost. A call already sent to a silo that died
/// would otherwise wait the whole response timeout; with this signal an idempotent call gives up on it at once and
/// is sent again, reaching the grain's new activation as soon as membership declares the silo dead.
/// </summary>
public sealed class ClusterConnectionWatch(ILogger<ClusterConnectionWatch> logger) : IClusterConnectionStatusObserver
{
    private static CancellationTokenSource _lost = new();

    /// <summary>Cancelled the next time a silo connection is lost; read it when a call starts.</summary>
    public static CancellationToken NextLoss => Volatile.Read(ref _lost).Token;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            logger.LogInformation("Lost a silo connection ({Previous} -> {Current} gateways): calls in flight are sent again", previousNumberOfGateways, currentNumberOfGateways);
            SignalLoss();
        }
    }

    public void NotifyClusterConnectionLost() => SignalLoss();

    private static void SignalLoss() => Interlocked.Exchange(ref _lost, new CancellationTokenSource()).Cancel();
}
