using System.Globalization;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.GitHub;

/// <summary>
/// A GitHub App's installation token, kept in the integration's encrypted state with its expiry and exchanged again only
/// when it has less than five minutes left; calls that find it stale at once wait for one exchange.
/// </summary>
internal sealed class InstallationTokens
{
    private const string StateKey = "installationToken";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _exchange = new(1, 1);

    public async Task<string> GetAsync(IntegrationSession session, Func<Task<Octokit.AccessToken>> exchange, CancellationToken cancellationToken)
    {
        if (Fresh(session) is { } token)
        {
            return token;
        }

        await _exchange.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(session) is { } exchangedMeanwhile)
            {
                return exchangedMeanwhile;
            }

            var access = await exchange();
            session.State[StateKey] = new JsonObject
            {
                ["token"] = access.Token,
                ["expiresAt"] = access.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
            };
            await session.SaveStateAsync();
            return access.Token;
        }
        finally
        {
            _exchange.Release();
        }
    }

    /// <summary>Drops a token GitHub refused, so the next call exchanges a new one.</summary>
    public void Forget(IntegrationSession session) => session.State.Remove(StateKey);

    private static string? Fresh(IntegrationSession session)
    {
        if (session.State[StateKey] is not JsonObject cached
            || cached["token"]?.GetValue<string>() is not { Length: > 0 } token
            || !DateTimeOffset.TryParse(cached["expiresAt"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiresAt))
        {
            return null;
        }

        return expiresAt - session.Time.GetUtcNow() > RefreshMargin ? token : null;
    }
}
