using Octokit;
using Octokit.Internal;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.GitHub;

/// <summary>
/// Octokit over the grain's handler (so every request passes its rate limiter, retries and circuit breaker), with the
/// activation's ETag cache, authenticated as a token or as an App installation, reporting the rate budget GitHub tells.
/// </summary>
internal sealed class GitHubConnection : IDisposable
{
    private static readonly ProductHeaderValue Product = new("Sophia");
    private readonly IntegrationSession _session;
    private readonly InstallationTokens _tokens;
    private readonly GitHubCredentials _credentials;
    private readonly HttpClientAdapter _http;
    private readonly GitHubClient _client;

    public GitHubConnection(IntegrationSession session, GitHubResponseCache cache, InstallationTokens tokens)
    {
        _session = session;
        _tokens = tokens;
        Settings = GitHubSettings.From(session.Settings);
        _credentials = new GitHubCredentials(Settings.IsApp ? Credentials.Anonymous : new Credentials(session.Secrets[GitHubSettings.TokenSecret]));
        _http = NewHttp();
        var connection = new Connection(Product, Settings.BaseUrl, _credentials, _http, new SimpleJsonSerializer()) { ResponseCache = cache };
        _client = new GitHubClient(connection);
    }

    public IntegrationSession Session => _session;

    public GitHubSettings Settings { get; }

    /// <summary>Runs one or more Octokit calls; GitHub's refusals become messages that say what <paramref name="what"/> hit.</summary>
    public async Task<T> RunAsync<T>(string what, Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken)
    {
        await AuthenticateAsync(cancellationToken);
        try
        {
            return await call(_client);
        }
        catch (ApiException e)
        {
            if (e is AuthorizationException && Settings.IsApp)
            {
                _tokens.Forget(_session);
            }

            throw GitHubErrors.Explain(e, what, Settings.IsApp);
        }
        finally
        {
            ReportRateBudget(_client.GetLastApiInfo());
        }
    }

    /// <summary>For an App, makes sure a fresh installation token is in use (exchanging the JWT for one when needed).</summary>
    public async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        if (Settings.IsApp)
        {
            var token = await _tokens.GetAsync(_session, ExchangeAsync, cancellationToken);
            _credentials.Use(new Credentials(token, AuthenticationType.Bearer));
        }
    }

    private async Task<AccessToken> ExchangeAsync()
    {
        var jwt = GitHubAppJwt.Create(Settings.AppId!, _session.Secrets[GitHubSettings.PrivateKeySecret], _session.Time.GetUtcNow());
        using var http = NewHttp();
        var app = new GitHubClient(new Connection(Product, Settings.BaseUrl, new InMemoryCredentialStore(new Credentials(jwt, AuthenticationType.Bearer)), http, new SimpleJsonSerializer()));
        try
        {
            return await app.GitHubApps.CreateInstallationToken(Settings.InstallationId!.Value);
        }
        catch (NotFoundException)
        {
            throw new IntegrationRefusedException($"GitHub knows no installation {Settings.InstallationId} of app {Settings.AppId} (404): check 'installationId'.");
        }
        catch (AuthorizationException e)
        {
            throw new IntegrationRefusedException($"GitHub refused the app's signed token (401 {e.Message}): check 'appId' and that 'privateKey' is the app's current key.");
        }
        catch (ApiException e)
        {
            throw GitHubErrors.Explain(e, "exchanging the app's signed token for an installation token", app: true);
        }
    }

    private HttpClientAdapter NewHttp() => new(() => new NonDisposingHandler(_session.Handler));

    private void ReportRateBudget(ApiInfo? info)
    {
        if (info?.RateLimit is { Limit: > 0 } limit)
        {
            _session.ReportRateBudget(limit.Remaining, limit.Reset);
        }
    }

    public void Dispose() => _http.Dispose();
}
