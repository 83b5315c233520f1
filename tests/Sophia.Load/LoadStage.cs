namespace Sophia.Load;

/// <summary>One step of a ramp: this many users connected, sending this many messages a second between them for a while.</summary>
public sealed record LoadStage(int Users, double MessagesPerSecond, TimeSpan Duration)
{
    /// <summary>Parses <c>users:perSecond:seconds</c>, e.g. <c>1000:100:30</c>.</summary>
    public static LoadStage Parse(string text) =>
        text.Split(':') is [var users, var rate, var seconds]
            ? new LoadStage(int.Parse(users), double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)))
            : throw new FormatException($"A stage is users:perSecond:seconds, e.g. 1000:100:30; '{text}' is not.");

    public override string ToString() => $"{Users} users, {MessagesPerSecond:0} msg/s, {Duration.TotalSeconds:0} s";
}

/// <summary>What one stage measured on one target.</summary>
public sealed record StageResult(
    string Target, LoadStage Stage, int Sent, int Completed, int Errors, double AchievedPerSecond,
    Latency Ack, Latency Turn, Latency V1, double ConnectSeconds, int ConnectRetries, double ServerCpuPercent, double ServerMegabytes, double GeneratorCpuPercent)
{
    public override string ToString() =>
        $"{Target,-16} {Stage}: sent {Sent}, done {Completed}, errors {Errors}, {AchievedPerSecond:0} turns/s; " +
        $"ack {Ack}; turn {Turn}; /v1 {V1}; connect {ConnectSeconds:0.0} s ({ConnectRetries} retried); server CPU {ServerCpuPercent:0}% RSS {ServerMegabytes:0} MB; generator CPU {GeneratorCpuPercent:0}%";
}
