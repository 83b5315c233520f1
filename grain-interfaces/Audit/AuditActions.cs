namespace Sophia.Audit;

/// <summary>The audit log's action names: <c>area.verb</c>, lowercase with underscores. README lists them.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign_in";
    public const string SignInFailed = "auth.sign_in_failed";
    public const string TokenRefreshFailed = "auth.token_refresh_failed";
    public const string PasswordChanged = "auth.password_changed";
    public const string UserCreated = "user.created";
    public const string UserRoleChanged = "user.role_changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string UserRenamed = "user.renamed";
    public const string UserPasswordReset = "user.password_reset";
    public const string InvitationCreated = "invitation.created";
    public const string InvitationAccepted = "invitation.accepted";
    public const string AgentUpdated = "agent.updated";
    public const string AgentDeleted = "agent.deleted";
    public const string ToolCalled = "tool.called";
    public const string ApprovalDecided = "approval.decided";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string TenantCreated = "tenant.created";
    public const string GpuPoolChanged = "ops.gpu_pool_changed";
    public const string SiloDrained = "ops.silo_drained";

    /// <summary>For the quota work: a tenant's or user's limits changed.</summary>
    public const string QuotaChanged = "quota.changed";

    /// <summary>For the integrations work: a provider connected, reconfigured or disconnected.</summary>
    public const string IntegrationChanged = "integration.changed";
}
