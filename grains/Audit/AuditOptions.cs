using System.ComponentModel.DataAnnotations;

namespace Sophia.Audit;

/// <summary>How long the audit log keeps entries (<c>Sophia:Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>Entries older than this many days are pruned; 0 keeps them forever.</summary>
    [Range(0, 36500)]
    public int RetentionDays { get; set; } = 365;

    [Range(1, 10080)]
    public int PruneIntervalMinutes { get; set; } = 60;
}
