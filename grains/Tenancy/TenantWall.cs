using System.Collections.Concurrent;
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

    // Every grain call passes here; what its interface method declares is read by reflection once.
    private static readonly ConcurrentDictionary<MethodInfo, Contract> ContractsByMethod = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod is { DeclaringType: { } type } method && type.Assembly == Contracts
            && Refusal(context, ContractsByMethod.GetOrAdd(method, Contract.Of)) is { } refusal)
        {
            LogRefused(logger, context.InterfaceName, context.MethodName, context.TargetId.ToString(), refusal);
            throw new UnauthorizedAccessException(refusal);
        }

        return context.Invoke();
    }

    private static string? Refusal(IIncomingGrainCallContext context, Contract contract)
    {
        var source = SourceOf(context.SourceId);
        var identity = CallerContext.Current;
        var key = context.TargetId.Key.ToString() ?? "";
        var slash = key.IndexOf('/');
        var tenant = contract.KeyedByTenant ? key : slash > 0 ? key[..slash] : null;
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
        if (contract.KeyedByUser is { } owned && local.StartsWith(owned.Prefix, StringComparison.Ordinal)
            && local[owned.Prefix.Length..] != identity.User && !(owned.UserManagersMayCall && identity.ManagesUsers))
        {
            return $"User '{identity.User}' may not call another user's grain.";
        }

        // Methods that take the acting user as an argument named "user" act only for the caller.
        return contract.UserArgument is { } index && (context.Request.GetArgument(index) as string ?? "") is var named && named != identity.User
            ? $"User '{identity.User}' may not act as '{named}'."
            : null;
    }

    /// <summary>What a grain interface method declares: the shape of its grain's key, and which argument (if any) is the acting user.</summary>
    private sealed record Contract(bool KeyedByTenant, KeyedByUserAttribute? KeyedByUser, int? UserArgument)
    {
        public static Contract Of(MethodInfo method)
        {
            var type = method.DeclaringType!;
            var user = Array.FindIndex(method.GetParameters(), p => p is { Name: "user" } && p.ParameterType == typeof(string));
            return new Contract(type.IsDefined(typeof(KeyedByTenantAttribute), inherit: false), type.GetCustomAttribute<KeyedByUserAttribute>(), user < 0 ? null : user);
        }
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
