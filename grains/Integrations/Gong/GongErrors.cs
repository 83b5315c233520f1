using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sophia.Integrations.Gong;

/// <summary>What Gong's refusals mean for the admin or model that asked, in words that say what to do next.</summary>
internal static class GongErrors
{
    public static async Task<Exception> ExplainAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(response, cancellationToken);
        var errors = body?.Errors ?? [];
        var said = errors.Count > 0 ? string.Join("; ", errors) : response.ReasonPhrase ?? "no reason given";
        var request = body?.RequestId is { } id ? $", request {id}" : "";
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new IntegrationRefusedException(
                $"Gong refused the access key while {what} (401 {said}{request}): check 'accessKey' and 'accessKeySecret' on Gong's API page, and that 'baseUrl' is the account's own API address."),
            HttpStatusCode.Forbidden => new InvalidOperationException(
                $"Gong refused {what} (403 {said}{request}): the access key lacks the permission; a technical administrator can grant it on Gong's API page."),
            HttpStatusCode.TooManyRequests => new InvalidOperationException(
                $"Gong's rate limit (3 API calls a second, 10,000 a day) stopped {what}{RetryAfter(response)} (429 {said}{request})."),
            _ => new GongApiException(response.StatusCode, errors, $"Gong answered {status} while {what}: {said}{request}."),
        };
    }

    private static async Task<GongErrorBody?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<GongErrorBody>(GongApi.Json, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static string RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => $"; Gong asks to wait {delta.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s",
        { Date: { } date } => $"; Gong asks to wait until {date:yyyy-MM-dd HH:mm:ss} UTC",
        _ => "",
    };
}
