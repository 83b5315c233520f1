namespace Sophia.Tenancy;

/// <summary>What a user sees of one of their API keys; the secret itself is shown only when it is created.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ApiKeyInfo")]
public sealed record ApiKeyInfo(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>A new API key and the one time its full value is known.</summary>
[GenerateSerializer, Immutable, Alias("sophia.CreatedApiKey")]
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>The user an API key stands for.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ApiKeyOwner")]
public sealed record ApiKeyOwner(string Tenant, string User, long SessionVersion = 0);

/// <summary>One API key (key <c>tenant/keyId</c>): its owner and the hash of its secret.</summary>
[Alias("sophia.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Records the key for its owner at their current session version; called once, by the owner's user grain.</summary>
    [Alias("Issue")]
    Task IssueAsync(string user, string secretHash, long sessionVersion);

    /// <summary>The owner when the secret matches and the key is not revoked, otherwise null.</summary>
    [Alias("Verify"), ReadOnly]
    Task<ApiKeyOwner?> VerifyAsync(string secret);

    /// <summary>Revokes the key for good.</summary>
    [Alias("Revoke")]
    Task RevokeAsync();
}
