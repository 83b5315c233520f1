using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Sophia.Tenancy;

/// <summary>
/// Refuses a call to one of Sophia's grains when its caller may not reach that grain's key: a client (a gateway) must
/// name the tenant of the key (and for <see cref="KeyedByUserAttribute"/> grains the user), or be an operator; keys
/// without a tenant are for operators only; a method's <c>user</c> argument must be the caller. Calls that start inside a
/// silo may be system calls; a client's never are.
/// </summary>
public sealed partial class TenantWall(ILogger<TenantWall> logger) : IIncomingGrainCallFilter
{
    private static readonly Assembly Contracts = typeof(IUserGrain).Assembly;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType is { } contract && contract.Assembly == Contracts && Refusal(context, contract) is { } refusal)
        {
            LogRefused(logger, context.InterfaceName, context.MethodName, context.TargetId.ToString(), refusal);
            throw new UnauthorizedAccessException(refusal);
        }

        return context.Invoke();
    }

    private static string? Refusal(IIncomingGrainCallContext context, Type contract)
    {
        var source = SourceOf(context.SourceId);
        var identity = CallerContext.Current;
        var key = context.TargetId.Key.ToString() ?? "";
        var slash = key.IndexOf('/');
        var tenant = contract.IsDefined(typeof(KeyedByTenantAttribute), inherit: false) ? key : slash > 0 ? key[..slash] : null;
        if (identity is null)
        {
            return source switch
            {
                Source.Grain => null,
                Source.Silo when CallerContext.IsSystem => null,
                _ => "The call names no caller: a gateway sets the signed-in tenant and user on every call.",
            };
        }

        if (identity.Operator)
        {
            return null;
        }

        if (tenant is null)
        {
            return source == Source.Grain ? null : "Only operators may call a grain that belongs to no tenant.";
        }

        if (tenant != identity.Tenant)
        {
            return $"A caller of tenant '{identity.Tenant}' may not call a grain of tenant '{tenant}'.";
        }

        if (source == Source.Grain)
        {
            return null;
        }

        var local = slash > 0 ? key[(slash + 1)..] : "";
        if (contract.GetCustomAttribute<KeyedByUserAttribute>() is { } owned && local.StartsWith(owned.Prefix, StringComparison.Ordinal)
            && local[owned.Prefix.Length..] != identity.User && !(owned.UserManagersMayCall && identity.ManagesUsers))
        {
            return $"User '{identity.User}' may not call another user's grain.";
        }

        // Methods that take the acting user as an argument named "user" act only for the caller.
        return ActingUser(context) is { } named && named != identity.User ? $"User '{identity.User}' may not act as '{named}'." : null;
    }

    private static string? ActingUser(IIncomingGrainCallContext context)
    {
        var parameters = context.InterfaceMethod!.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i] is { Name: "user" } parameter && parameter.ParameterType == typeof(string))
            {
                return context.Request.GetArgument(i) as string ?? "";
            }
        }

        return null;
    }

    /// <summary>Where a call comes from: a grain (or the runtime), code of a silo outside any grain, or an external client.</summary>
    private enum Source { Grain, Silo, Client }

    // A silo's own non-grain code calls through its hosted client, whose id Orleans names "hosted-{silo address}".
    private static Source SourceOf(GrainId? source) =>
        source is not { } id ? Source.Client
        : !GrainTypePrefix.IsClient(id) ? Source.Grain
        : id.Key.ToString()!.StartsWith("hosted-", StringComparison.Ordinal) ? Source.Silo
        : Source.Client;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a call to {Interface}.{Method} on {Grain}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string @interface, string method, string grain, string reason);
}
