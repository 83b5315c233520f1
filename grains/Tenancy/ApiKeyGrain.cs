using System.Security.Cryptography;

namespace Sophia.Tenancy;

/// <summary>One API key: who it stands for and the hash of its secret, never the secret itself.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("apikey", "sophia")] IPersistentState<ApiKeyState> state) : Grain, IApiKeyGrain
{
    public async Task IssueAsync(string user, string secretHash, long sessionVersion)
    {
        if (state.RecordExists)
        {
            throw new InvalidOperationException("This API key id is already taken.");
        }

        state.State = new ApiKeyState { User = user, SecretHash = secretHash, SessionVersion = sessionVersion };
        await state.WriteStateAsync();
    }

    public Task<ApiKeyOwner?> VerifyAsync(string secret) => Task.FromResult(
        state.RecordExists && !state.State.Revoked && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(ApiKeyFormat.Hash(secret)), System.Text.Encoding.ASCII.GetBytes(state.State.SecretHash))
            ? new ApiKeyOwner(GrainKeys.Split(this.GetPrimaryKeyString()).Tenant, state.State.User, state.State.SessionVersion)
            : null);

    public async Task RevokeAsync()
    {
        state.State.Revoked = true;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not refused in memory until storage says so, or the key would come back valid at the next activation.
            state.State.Revoked = false;
            throw;
        }
    }
}

/// <summary>What an API key grain persists.</summary>
[GenerateSerializer, Alias("sophia.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)] public string User { get; set; } = "";
    [Id(1)] public string SecretHash { get; set; } = "";
    [Id(2)] public bool Revoked { get; set; }

    /// <summary>The owner's session version when issued: a later one (disabled, new role, reset) ends the key.</summary>
    [Id(3)] public long SessionVersion { get; set; }
}
