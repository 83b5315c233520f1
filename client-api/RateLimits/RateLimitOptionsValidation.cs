using Microsoft.Extensions.Options;

namespace Sophia.ClientApi.RateLimits;

/// <summary>Refuses limits that cannot work, naming each key; a value that is not a number at all is named too.</summary>
public sealed class RateLimitOptionsValidation : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
