using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Tests.Integrations;

/// <summary>A provider's session as its grain would give it, on a plain handler, recording what the provider reports.</summary>
public sealed class ProviderSession : IDisposable
{
    private readonly SocketsHttpHandler _handler = new();
    private readonly TaskCompletionSource<bool> _toolsChangedSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProviderSession(string integration, IntegrationSettings settings, TimeProvider? time = null) =>
        Session = new IntegrationSession(
            "acme", integration, settings.Settings, settings.Secrets, new JsonObject(), _handler, null!, time ?? TimeProvider.System,
            () => Task.CompletedTask,
            () => { _toolsChangedSeen.TrySetResult(true); return Task.CompletedTask; },
            (remaining, resetsAt) => RateBudget = (remaining, resetsAt));

    public IntegrationSession Session { get; }

    /// <summary>Completes when the provider first tells the grain its tools changed.</summary>
    public Task<bool> ToolsChangedSeen => _toolsChangedSeen.Task;

    public (long? Remaining, DateTimeOffset? ResetsAt)? RateBudget { get; private set; }

    public void Dispose()
    {
        Session.Http.Dispose();
        _handler.Dispose();
    }
}
