using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Sophia.ClientApi.Chat;

/// <summary>
/// Lets clients leave out a hub method's trailing optional parameters (e.g. <c>SendMessage</c>'s request id), which
/// SignalR's protocols refuse on their own: an invocation that fails to bind with every parameter is bound again
/// without the optional ones, which then take their default values.
/// </summary>
public sealed class OptionalArgumentsProtocol(IHubProtocol inner, IReadOnlyDictionary<string, object?[]> optionalDefaults) : IHubProtocol
{
    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    /// <summary>The defaults of each method's trailing optional parameters, by method name.</summary>
    public static IReadOnlyDictionary<string, object?[]> DefaultsOf(Type hub) => hub
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Select(m => (m.Name, Defaults: m.GetParameters().Reverse().TakeWhile(p => p.HasDefaultValue).Reverse().Select(p => p.DefaultValue).ToArray()))
        .Where(m => m.Defaults.Length > 0)
        .ToDictionary(m => m.Name, m => m.Defaults, StringComparer.OrdinalIgnoreCase);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var original = input;
        if (!inner.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationBindingFailureMessage { Target: var target } && optionalDefaults.TryGetValue(target, out var defaults))
        {
            var again = original;
            if (inner.TryParseMessage(ref again, new WithoutOptional(binder, defaults.Length), out var shorter) && shorter is InvocationMessage invocation)
            {
                message = new InvocationMessage(invocation.InvocationId, invocation.Target, [.. invocation.Arguments, .. defaults], invocation.StreamIds)
                {
                    Headers = invocation.Headers,
                };
            }
        }

        if (message is InvocationBindingFailureMessage { BindingFailure.SourceException: not HubException } failure)
        {
            // SignalR passes a HubException's message on to the caller, and no other's: this one says what to send.
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(new HubException(
                $"The arguments do not match {failure.Target}({string.Join(", ", binder.GetParameterTypes(failure.Target).Select(t => t.Name))}): send those, in that order.")));
        }

        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    private sealed class WithoutOptional(IInvocationBinder binder, int optional) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => binder.GetParameterTypes(methodName).SkipLast(optional).ToList();

        public Type GetReturnType(string invocationId) => binder.GetReturnType(invocationId);

        public Type GetStreamItemType(string streamId) => binder.GetStreamItemType(streamId);
    }
}
