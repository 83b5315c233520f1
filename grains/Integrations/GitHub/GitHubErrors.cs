using System.Globalization;
using Octokit;

namespace Sophia.Integrations.GitHub;

/// <summary>What GitHub's refusals mean for the person or model that asked, in words that say what to do next.</summary>
internal static class GitHubErrors
{
    public static Exception Explain(ApiException error, string what, bool app) => error switch
    {
        AuthorizationException => new IntegrationRefusedException(app
            ? $"GitHub refused the app's installation token while {what} (401 {error.Message}): check 'appId', 'installationId' and 'privateKey'."
            : $"GitHub refused the token while {what} (401 {error.Message}): send a valid 'token'."),
        SecondaryRateLimitExceededException => new InvalidOperationException(
            $"GitHub's secondary rate limit stopped {what}{RetryAfter(error)}: {error.Message}"),
        RateLimitExceededException limit => new InvalidOperationException(
            $"GitHub's rate limit of {limit.Limit} requests an hour is spent; it resets at {limit.Reset:u}. {what} was not done."),
        NotFoundException => new InvalidOperationException(
            $"GitHub found nothing while {what} (404): the name may be wrong, or the credentials may not read it."),
        ForbiddenException => new InvalidOperationException(
            $"GitHub refused {what} (403 {error.Message}): the credentials lack the permission."),
        ApiValidationException validation => new InvalidOperationException(
            $"GitHub refused {what} (422 {validation.Message}{string.Concat(validation.ApiError?.Errors?.Select(e => $"; {e.Field} {e.Code} {e.Message}") ?? [])})."),
        _ => new InvalidOperationException($"GitHub answered {(int)error.StatusCode} while {what}: {error.Message}"),
    };

    private static string RetryAfter(ApiException error) =>
        error.HttpResponse?.Headers is { } headers
        && headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value is { } seconds
        && int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var wait)
            ? $" (retry after {wait} s)"
            : "";
}
