namespace Sophia.Tests.Quotas;

/// <summary>
/// The real clock moved to a chosen date, which a test can move on. Timers and timestamps stay real: a silo's
/// membership runs on them, and on a frozen fake clock two silos never see each other join.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public void SetUtcNow(DateTimeOffset value) => _offset = value - System.GetUtcNow();
}
