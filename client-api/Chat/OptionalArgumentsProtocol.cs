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
        if (!TryParseFillingDefaults(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationBindingFailureMessage { BindingFailure.SourceException: not HubException } failure)
        {
            // SignalR passes a HubException's message on to the caller, and no other's: this one says what to send.
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(new HubException(
                $"The arguments do not match {failure.Target}({string.Join(", ", binder.GetParameterTypes(failure.Target).Select(t => t.Name))}): send those, in that order.")));
        }

        return true;
    }

    private bool TryParseFillingDefaults(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        // A binding that fails costs an exception; JSON tells beforehand how many arguments came.
        if (inner.Name == "json" && JsonInvocationPeek.TryPeek(input, out var target, out var count)
            && optionalDefaults.TryGetValue(target, out var omitted) && count == binder.GetParameterTypes(target).Count - omitted.Length)
        {
            if (!inner.TryParseMessage(ref input, new WithoutOptional(binder, omitted.Length), out message))
            {
                return false;
            }

            message = WithDefaults(message, omitted);
            return true;
        }

        var original = input;
        if (!inner.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationBindingFailureMessage failure && optionalDefaults.TryGetValue(failure.Target, out var defaults))
        {
            var again = original;
            if (inner.TryParseMessage(ref again, new WithoutOptional(binder, defaults.Length), out var shorter) && shorter is HubMethodInvocationMessage)
            {
                message = WithDefaults(shorter, defaults);
            }
        }

        return true;
    }

    private static HubMessage WithDefaults(HubMessage message, object?[] defaults) => message switch
    {
        InvocationMessage m => new InvocationMessage(m.InvocationId, m.Target, [.. m.Arguments, .. defaults], m.StreamIds) { Headers = m.Headers },
        StreamInvocationMessage m => new StreamInvocationMessage(m.InvocationId!, m.Target, [.. m.Arguments, .. defaults], m.StreamIds) { Headers = m.Headers },
        _ => message,
    };

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
