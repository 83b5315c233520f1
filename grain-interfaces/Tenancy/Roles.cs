namespace Sophia.Tenancy;

/// <summary>What a member of a tenant may do. Each is granted by roles in <see cref="Roles"/>; operations are for operators only.</summary>
public enum Permission
{
    Chat,
    ReadMemory,
    WriteMemory,
    ManageAgents,
    ManageIntegrations,
    ManageUsers,
    SeeUsage,
    ApproveOthers,
    Operations,
    ReadAudit,
}

/// <summary>
/// The four roles of a tenant and the one permission matrix: the gateway's authorization policies and the grains that
/// act for a user both ask <see cref="Allows"/>.
/// </summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Member, Viewer];

    // Operations is granted by no role: operators are named in Sophia:Ops:Admins, since they act for every tenant.
    private static readonly Dictionary<string, Permission[]> Granted = new(StringComparer.Ordinal)
    {
        [Viewer] = [Permission.Chat, Permission.ReadMemory],
        [Member] = [Permission.Chat, Permission.ReadMemory, Permission.WriteMemory],
        [Admin] =
        [
            Permission.Chat, Permission.ReadMemory, Permission.WriteMemory, Permission.ManageAgents, Permission.ManageIntegrations,
            Permission.ManageUsers, Permission.SeeUsage, Permission.ApproveOthers, Permission.ReadAudit,
        ],
    };

    static Roles() => Granted[Owner] = Granted[Admin];

    public static bool IsKnown(string? role) => role is not null && Granted.ContainsKey(role);

    public static bool Allows(string? role, Permission permission) =>
        role is not null && Granted.TryGetValue(role, out var permissions) && permissions.Contains(permission);

    /// <summary>Only an owner may make or unmake an owner; an admin manages everyone else.</summary>
    public static bool MayAssign(string? actorRole, string? fromRole, string toRole) =>
        Allows(actorRole, Permission.ManageUsers) && (actorRole == Owner || (fromRole != Owner && toRole != Owner));

    /// <summary>How a permission reads in a refusal, e.g. "manage users and invitations".</summary>
    public static string Describe(Permission permission) => permission switch
    {
        Permission.Chat => "chat",
        Permission.ReadMemory => "read the company's memory",
        Permission.WriteMemory => "write the company's memory",
        Permission.ManageAgents => "manage agents",
        Permission.ManageIntegrations => "manage integrations",
        Permission.ManageUsers => "manage users and invitations",
        Permission.SeeUsage => "see others' usage",
        Permission.ApproveOthers => "approve others' risky calls",
        Permission.Operations => "operations",
        Permission.ReadAudit => "read the audit log",
        _ => permission.ToString(),
    };

    public const string Help = "role must be one of owner, admin, member, viewer";
}
