namespace Sophia.ClientApi.RateLimits;

public sealed partial class RateLimitOptions
{
    private const string MovedSignInKey = "Sophia:Auth:SignInsPerAddressPerMinute";

    /// <summary>The binder's own sentence when a value is not of its type (it names the key); null when all were read.</summary>
    public string? BindingProblem { get; set; }

    /// <summary>Reads <see cref="Section"/>, keeping a value that cannot be read as a problem to report rather than a crash.</summary>
    public void ReadFrom(IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration[MovedSignInKey]))
        {
            BindingProblem = $"{MovedSignInKey} moved: set {Section}:SignIn:PermitLimit (and WindowSeconds, 60 for a minute) instead.";
            return;
        }

        try
        {
            configuration.GetSection(Section).Bind(this);
        }
        catch (InvalidOperationException ex)
        {
            BindingProblem = ex.Message;
        }
    }
}
