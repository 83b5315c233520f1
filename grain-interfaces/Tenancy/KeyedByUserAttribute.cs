namespace Sophia.Tenancy;

/// <summary>
/// Marks a grain interface whose keys <c>tenant/{Prefix}{user}</c> belong to one user: a client may call such a grain
/// only for the user it signed in as. Keys whose local part lacks the prefix (a tenant-wide scope) are not a user's.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class KeyedByUserAttribute(string prefix = "") : Attribute
{
    public string Prefix { get; } = prefix;

    /// <summary>Whether the tenant's owners and admins may call another user's grain too (to manage them, see their usage).</summary>
    public bool UserManagersMayCall { get; init; }
}
