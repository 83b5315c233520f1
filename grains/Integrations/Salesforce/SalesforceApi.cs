using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Salesforce;

/// <summary>
/// Calls to the org's REST API (<c>{instance_url}/services/data/v62.0/…</c>) with the access token, refreshing it once
/// when Salesforce answers 401 <c>INVALID_SESSION_ID</c>, and reading the org's daily budget from <c>Sforce-Limit-Info</c>.
/// Errors come as <c>[{"message": …, "errorCode": …}]</c> and are told in words that say what to do.
/// </summary>
internal sealed class SalesforceApi(IntegrationSession session, SalesforceOAuth oauth)
{
    public const string DataPath = "/services/data/" + SalesforceSettings.ApiVersion;

    public IntegrationSession Session => session;

    /// <summary>The org's requests left in its rolling 24 hours and its limit, as last reported; null before the first answer.</summary>
    public SalesforceBudget? Budget { get; private set; }

    /// <summary>The org's address, known once a token was obtained.</summary>
    public async Task<string> InstanceUrlAsync(CancellationToken cancellationToken) => (await TokenAsync(cancellationToken)).InstanceUrl;

    /// <summary>GETs a path under the instance (<c>/services/data/…</c>, a <c>nextRecordsUrl</c>); <paramref name="what"/> names it in errors.</summary>
    public async Task<JsonNode> GetAsync(string path, string what, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken);
        var (response, body) = await SendAsync(token, path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && ErrorOf(body).Code == "INVALID_SESSION_ID")
        {
            response.Dispose();
            token = await oauth.RefreshAsync(session, token.AccessToken, cancellationToken);
            (response, body) = await SendAsync(token, path, cancellationToken);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response.StatusCode, body, what);
            }

            try
            {
                return JsonNode.Parse(body) ?? throw new JsonException("an empty answer");
            }
            catch (JsonException e)
            {
                throw new IntegrationRefusedException($"Salesforce's answer while {what} could not be read: {e.Message}");
            }
        }
    }

    private async Task<SalesforceToken> TokenAsync(CancellationToken cancellationToken) =>
        SalesforceToken.In(session) is { AccessToken: not null } token ? token : await oauth.RefreshAsync(session, null, cancellationToken);

    private async Task<(HttpResponseMessage, string)> SendAsync(SalesforceToken token, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, token.InstanceUrl.TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await session.Http.SendAsync(request, cancellationToken);
        if (SalesforceBudget.From(response) is { } budget)
        {
            Budget = budget;
            session.ReportRateBudget(budget.Remaining, null);
        }

        return (response, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static Exception Failure(HttpStatusCode status, string body, string what)
    {
        var (code, message) = ErrorOf(body);
        var said = code is null ? $"HTTP {(int)status}" : $"{(int)status} {code}: {message}";
        return code switch
        {
            "INVALID_SESSION_ID" => new IntegrationRefusedException(
                $"Salesforce refused the session while {what} even after a refresh ({said}): connect again with GET /api/integrations/{IntegrationNames.Salesforce}/connect."),
            "REQUEST_LIMIT_EXCEEDED" => new IntegrationRefusedException(
                $"The org's Salesforce API limit is spent ({said}); {what} was not done. The limit counts requests over a rolling 24 hours: try again later or raise it in Salesforce."),
            "MALFORMED_QUERY" or "INVALID_FIELD" or "INVALID_TYPE" or "INVALID_QUERY_FILTER_OPERATOR" => new IntegrationRefusedException(
                $"Salesforce refused the query while {what} ({said}): fix the SOQL."),
            "NOT_FOUND" => new IntegrationRefusedException($"Salesforce found nothing while {what} ({said}): check the object type and id."),
            "INSUFFICIENT_ACCESS" or "API_DISABLED_FOR_ORG" or "API_CURRENTLY_DISABLED" => new IntegrationRefusedException(
                $"Salesforce does not let this user {what} ({said}): the connected user needs the API Enabled permission and access to the object."),
            _ => new SalesforceException(code, $"Salesforce answered {said} while {what}."),
        };
    }

    public static (string? Code, string? Message) ErrorOf(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonArray { Count: > 0 } array && array[0] is JsonObject first
                ? (first["errorCode"]?.GetValue<string>(), first["message"]?.GetValue<string>())
                : (null, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }
}

/// <summary>A Salesforce error the caller may handle by its code (an expired query locator).</summary>
internal sealed class SalesforceException(string? code, string message) : Exception(message)
{
    public string? Code { get; } = code;
}
