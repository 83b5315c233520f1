using System.Security.Cryptography;
using System.Text;

namespace Sophia.Tenancy;

/// <summary>Refresh tokens: each is good for one rotation; one presented again ends them all.</summary>
public sealed partial class UserGrain
{
    private const int MaxRefreshTokens = 20;
    private const int RememberedSpent = 100;

    public async Task<string> IssueRefreshTokenAsync(string secretHash, DateTimeOffset expiresAt)
    {
        var id = GrainKeys.NewConversationId();
        Keep(new RefreshTokenRecord(id, secretHash, expiresAt));
        await state.WriteStateAsync();
        return id;
    }

    public async Task<RefreshRotation?> RotateRefreshTokenAsync(string id, string secretHash, string nextSecretHash, DateTimeOffset expiresAt)
    {
        if (state.State.SpentRefreshTokens.Contains(id))
        {
            logger.LogWarning("A spent refresh token of {Tenant}/{User} was presented again: all their refresh tokens are revoked", Tenant, Username);
            state.State.RefreshTokens.Clear();
            await state.WriteStateAsync();
            return null;
        }

        if (Find(id, secretHash) is not { } token || token.ExpiresAt <= time.GetUtcNow() || state.State.Disabled)
        {
            return null;
        }

        state.State.RefreshTokens.Remove(token);
        state.State.SpentRefreshTokens.Add(id);
        if (state.State.SpentRefreshTokens.Count > RememberedSpent)
        {
            state.State.SpentRefreshTokens.RemoveAt(0);
        }

        var nextId = GrainKeys.NewConversationId();
        Keep(new RefreshTokenRecord(nextId, nextSecretHash, expiresAt));
        await state.WriteStateAsync();
        return new RefreshRotation(nextId, state.State.SessionVersion);
    }

    public async Task<bool> RevokeRefreshTokenAsync(string id, string secretHash)
    {
        if (Find(id, secretHash) is not { } token)
        {
            return false;
        }

        state.State.RefreshTokens.Remove(token);
        await state.WriteStateAsync();
        return true;
    }

    private RefreshTokenRecord? Find(string id, string secretHash) =>
        state.State.RefreshTokens.FirstOrDefault(t => t.Id == id && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(t.SecretHash), Encoding.ASCII.GetBytes(secretHash)));

    private void Keep(RefreshTokenRecord token)
    {
        var now = time.GetUtcNow();
        state.State.RefreshTokens.RemoveAll(t => t.ExpiresAt <= now);
        if (state.State.RefreshTokens.Count >= MaxRefreshTokens)
        {
            state.State.RefreshTokens.RemoveAt(0);
        }

        state.State.RefreshTokens.Add(token);
    }
}
