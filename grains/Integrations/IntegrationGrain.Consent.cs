using System.Globalization;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations;

/// <summary>The OAuth consent flow of providers that need one: started by an admin, finished by the provider's redirect.</summary>
public sealed partial class IntegrationGrain
{
    private const string ConsentKey = "consent";
    private static readonly TimeSpan ConsentLifetime = TimeSpan.FromMinutes(10);

    public async Task<string> BeginConsentAsync(string redirectUri)
    {
        var connection = Connected();
        var consent = OAuthConsent.Start(redirectUri);
        var url = connection.Provider.ConsentUrl(connection.Session, consent);
        // Kept with the provider's state, so it is encrypted at rest like the tokens it leads to.
        connection.Session.State[ConsentKey] = new JsonObject
        {
            ["state"] = consent.State,
            ["verifier"] = consent.CodeVerifier,
            ["redirectUri"] = redirectUri,
            ["expires"] = time.GetUtcNow().Add(ConsentLifetime).ToString("O", CultureInfo.InvariantCulture),
        };
        await SaveProviderStateAsync();
        return url.AbsoluteUri;
    }

    public async Task<IntegrationStatus> CompleteConsentAsync(string consentState, string code, string user)
    {
        var connection = Connected();
        if (connection.Session.State[ConsentKey] is not JsonObject pending
            || pending["state"]?.GetValue<string>() != consentState
            || DateTimeOffset.Parse(pending["expires"]!.GetValue<string>(), CultureInfo.InvariantCulture) < time.GetUtcNow())
        {
            throw new IntegrationRefusedException($"This consent answer does not match a consent started in the last {ConsentLifetime.TotalMinutes:0} minutes: start again with GET /api/integrations/{IntegrationNames.ProviderOf(Name)}/connect.");
        }

        var consent = new OAuthConsent(pending["redirectUri"]!.GetValue<string>(), consentState, pending["verifier"]!.GetValue<string>());
        // A code is good for one exchange: the pending consent goes whether or not the exchange works.
        connection.Session.State.Remove(ConsentKey);
        await SaveProviderStateAsync();
        using (var deadline = new CancellationTokenSource(CallTimeout))
        {
            await Checked(() => connection.Provider.CompleteConsentAsync(connection.Session, consent, code, deadline.Token));
        }

        var tools = await CheckedToolsAsync(connection);
        state.State.AwaitingConsent = false;
        state.State.Tools = [.. tools];
        state.State.Health = state.State.Health with { LastSuccessAt = time.GetUtcNow() };
        await SaveProviderStateAsync();
        await Registry.SetAsync(Name, tools);
        logger.LogInformation("Integration {Integration} of {Tenant} consented by {User} with {Tools} tool(s)", Name, Tenant, user, tools.Count);
        return Status();
    }
}
