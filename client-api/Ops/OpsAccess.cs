using Sophia.ClientApi.Auth;

namespace Sophia.ClientApi.Ops;

/// <summary>
/// Who may operate the cluster (<c>Sophia:Ops:Admins</c>, a list of <c>tenant/user</c>; default the bootstrap
/// <c>default/admin</c>): operations like the GPU pool spend money for every tenant, so they are not a tenant's to run.
/// </summary>
public static class OpsAccess
{
    public const string Section = "Sophia:Ops:Admins";
    public static readonly string DefaultAdmin = GrainKeys.Of(GrainKeys.DefaultTenant, "admin");

    public static bool IsOperator(Caller caller, IConfiguration configuration)
    {
        var admins = configuration.GetSection(Section).Get<string[]>() is { Length: > 0 } configured ? configured : [DefaultAdmin];
        return admins.Contains(caller.UserKey, StringComparer.Ordinal);
    }

    /// <summary>Answers 403 to anyone but an operator.</summary>
    public static RouteGroupBuilder RequireOperator(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var configuration = context.HttpContext.RequestServices.GetRequiredService<IConfiguration>();
        return IsOperator(Caller.From(context.HttpContext.User), configuration)
            ? await next(context)
            : Results.Problem(statusCode: 403, title: $"Only operators may do this. Operators are the users listed in {Section} (tenant/user), by default {DefaultAdmin}.");
    });
}
