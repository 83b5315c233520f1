using System.ComponentModel.DataAnnotations;

namespace Sophia.Gpu;

/// <summary>How big and how expensive a region's GPU pool may get (<c>Sophia:Gpu</c>).</summary>
public sealed class GpuPoolOptions : IValidatableObject
{
    public const string Section = "Sophia:Gpu";

    /// <summary>The pool this process starts: the silo's region (<c>Orleans:Metadata:region</c>), else <c>local</c>.</summary>
    public string Region { get; set; } = "local";

    /// <summary>Part of every instance name, so pools of separate clusters on one account never touch each other's instances.</summary>
    public string ClusterId { get; set; } = "sophia";

    [Range(0, 64)]
    public int MaxInstances { get; set; } = 2;

    /// <summary>Most the pool may be billed per hour, counting every instance that may bill (booting ones included).</summary>
    [Range(0, 1_000_000)]
    public int SpendCapCentsPerHour { get; set; } = 400;

    /// <summary>Queued chunks that justify one instance.</summary>
    [Range(1, int.MaxValue)]
    public int ChunksPerInstance { get; set; } = 50_000;

    /// <summary>Instances are released after the queue has been empty this long.</summary>
    [Range(0, 86_400)]
    public int IdleTimeoutSeconds { get; set; } = 600;

    /// <summary>An instance whose worker has not answered its health check this long (since launch, or since it last did) is terminated.</summary>
    [Range(60, 86_400)]
    public int BootTimeoutSeconds { get; set; } = 2400;

    /// <summary>How long a launch whose answer was lost is given to show up in the listing before it is tried again.</summary>
    [Range(0, 3600)]
    public int LaunchSettleSeconds { get; set; } = 120;

    /// <summary>Period of the reconcile reminder (Orleans reminders tick at most once a minute).</summary>
    [Range(60, 86_400)]
    public int ReconcileIntervalSeconds { get; set; } = 60;

    /// <summary>Port the worker on each instance listens on: <c>http://{instance ip}:{port}</c>.</summary>
    [Range(1, 65_535)]
    public int WorkerPort { get; set; } = 8080;

    public string HealthPath { get; set; } = "/health";

    /// <summary>Bearer key the workers require (passed to them in the bootstrap); unset: workers accept any caller.</summary>
    [RegularExpression("^[A-Za-z0-9._~-]{16,128}$", ErrorMessage = "Sophia:Gpu:WorkerApiKey must be 16-128 letters, digits or . _ ~ -.")]
    public string? WorkerApiKey { get; set; }

    public TimeSpan IdleTimeout => TimeSpan.FromSeconds(IdleTimeoutSeconds);

    public TimeSpan BootTimeout => TimeSpan.FromSeconds(BootTimeoutSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!HealthPath.StartsWith('/'))
        {
            yield return new ValidationResult($"{Section}:HealthPath must start with '/'.", [nameof(HealthPath)]);
        }
    }
}
