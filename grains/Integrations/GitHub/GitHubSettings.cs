using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.GitHub;

/// <summary>
/// A GitHub connection's settings: the REST API root, the repositories it may touch, and either a personal token or a
/// GitHub App installation (app id, installation id, private key).
/// </summary>
public sealed record GitHubSettings(Uri BaseUrl, IReadOnlyList<GitHubRepository> Repositories, string? AppId, long? InstallationId)
{
    public const string TokenSecret = "token";
    public const string PrivateKeySecret = "privateKey";
    public static readonly Uri DefaultBaseUrl = new("https://api.github.com/");

    public bool IsApp => AppId is not null;

    /// <summary>The repository named <paramref name="fullName"/> when it is one of the configured ones.</summary>
    public GitHubRepository? Find(string fullName) =>
        Repositories.FirstOrDefault(r => string.Equals(r.FullName, fullName.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Splits an admin's PUT body into settings and secrets, refusing what is malformed with the field's name.</summary>
    public static IntegrationSettings Parse(JsonObject body)
    {
        var baseUrl = ParseBaseUrl(Text(body, "baseUrl"));
        var repositories = ParseRepositories(body["repositories"]);
        var settings = new JsonObject
        {
            ["baseUrl"] = baseUrl.ToString(),
            ["repositories"] = new JsonArray([.. repositories.Select(r => JsonValue.Create(r.FullName))]),
        };
        var token = Text(body, TokenSecret);
        var appId = Text(body, "appId");
        if (token is not null && appId is not null)
        {
            throw new IntegrationRefusedException("Send either 'token' (a personal access token) or 'appId', 'installationId' and 'privateKey' (a GitHub App), not both.");
        }

        if (token is not null)
        {
            return new IntegrationSettings(settings, new Dictionary<string, string> { [TokenSecret] = token });
        }

        if (appId is null)
        {
            throw new IntegrationRefusedException("'token' is missing: send a personal access token, or 'appId', 'installationId' and 'privateKey' for a GitHub App.");
        }

        if (!long.TryParse(appId, out var appNumber) || appNumber <= 0)
        {
            throw new IntegrationRefusedException("'appId' must be the GitHub App's numeric id (shown on its settings page).");
        }

        settings["appId"] = appId;
        settings["installationId"] = ParseInstallationId(body["installationId"]);
        var privateKey = Text(body, PrivateKeySecret) ?? throw new IntegrationRefusedException("'privateKey' is missing: send the GitHub App's private key (PEM).");
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(privateKey);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new IntegrationRefusedException("'privateKey' is not an RSA private key in PEM form (-----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----).");
        }

        return new IntegrationSettings(settings, new Dictionary<string, string> { [PrivateKeySecret] = privateKey });
    }

    /// <summary>Reads the settings <see cref="Parse"/> kept.</summary>
    public static GitHubSettings From(JsonObject settings) => new(
        new Uri(settings["baseUrl"]!.GetValue<string>()),
        [.. settings["repositories"]!.AsArray().Select(r => GitHubRepository.TryParse(r!.GetValue<string>(), out var repo) ? repo : throw new InvalidOperationException("A stored repository is malformed."))],
        settings["appId"]?.GetValue<string>(),
        settings["installationId"]?.GetValue<long>());

    private static Uri ParseBaseUrl(string? text)
    {
        if (text is null)
        {
            return DefaultBaseUrl;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new IntegrationRefusedException("'baseUrl' must be an http(s) URL of GitHub's REST API root, e.g. https://api.github.com/ or https://github.example.com/api/v3/.");
        }

        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/");
    }

    private static List<GitHubRepository> ParseRepositories(JsonNode? node)
    {
        if (node is not JsonArray array || array.Count == 0)
        {
            throw new IntegrationRefusedException("'repositories' must be a non-empty array of \"owner/repo\" names.");
        }

        var repositories = new List<GitHubRepository>();
        foreach (var item in array)
        {
            var text = item is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
            if (!GitHubRepository.TryParse(text, out var repository))
            {
                throw new IntegrationRefusedException($"'repositories' holds '{text ?? item?.ToJsonString()}': each must be \"owner/repo\".");
            }

            if (!repositories.Any(r => string.Equals(r.FullName, repository.FullName, StringComparison.OrdinalIgnoreCase)))
            {
                repositories.Add(repository);
            }
        }

        return repositories;
    }

    private static long ParseInstallationId(JsonNode? node)
    {
        var parsed = node is JsonValue value && long.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 0;
        return parsed > 0 ? parsed : throw new IntegrationRefusedException("'installationId' must be the numeric id of the app's installation on the account that owns the repositories.");
    }

    private static string? Text(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => value.ToJsonString(),
        _ => throw new IntegrationRefusedException($"'{field}' must be a string."),
    };
}
