using System.ComponentModel.DataAnnotations;

namespace Sophia.Gpu.Lambda;

/// <summary>The Lambda Cloud API account Sophia leases GPUs from (<c>Sophia:Gpu:Lambda</c>); no ApiKey: no GPU pool.</summary>
public sealed class LambdaCloudOptions : IValidatableObject
{
    public const string Section = "Sophia:Gpu:Lambda";

    /// <summary>API v1 base URL; cloud.lambdalabs.com is the older, deprecated host of the same API.</summary>
    public string BaseUrl { get; set; } = "https://cloud.lambda.ai/api/v1";

    /// <summary>Sent as the HTTP Basic user name; never logged.</summary>
    public string? ApiKey { get; set; }

    public string InstanceType { get; set; } = "gpu_1x_gh200";

    /// <summary>Lambda regions to launch in, most preferred first; empty: any region that reports capacity.</summary>
    public List<string> Regions { get; set; } = [];

    /// <summary>The SSH key (by its name on the account) every launch carries; the API requires exactly one.</summary>
    public string? SshKeyName { get; set; }

    /// <summary>A cloud-init user-data script (e.g. infra/gpu/bootstrap.sh) that starts the embedding worker.</summary>
    public string? BootstrapScriptFile { get; set; }

    /// <summary>Our side of the documented limit of about one request a second.</summary>
    [Range(0, 60_000)]
    public int MinRequestIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Our side of the documented limit of one launch every 10 seconds.</summary>
    [Range(0, 600)]
    public int LaunchIntervalSeconds { get; set; } = 10;

    /// <summary>Retries of a request answered 429, each after its Retry-After (or a doubling wait).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"{Section}:BaseUrl '{BaseUrl}' is not an absolute http(s) URL.", [nameof(BaseUrl)]);
        }

        if (!IsConfigured)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(SshKeyName))
        {
            yield return new ValidationResult($"{Section}:SshKeyName is required with an ApiKey: Lambda launches need the name of one SSH key of the account.", [nameof(SshKeyName)]);
        }

        if (string.IsNullOrWhiteSpace(InstanceType))
        {
            yield return new ValidationResult($"{Section}:InstanceType must name an instance type, e.g. gpu_1x_gh200.", [nameof(InstanceType)]);
        }

        if (BootstrapScriptFile is { Length: > 0 } file && !File.Exists(file))
        {
            yield return new ValidationResult($"{Section}:BootstrapScriptFile '{file}' does not exist.", [nameof(BootstrapScriptFile)]);
        }
    }
}
