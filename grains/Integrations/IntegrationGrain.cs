using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Sophia.Integrations.Providers;
using Sophia.Net;
using Orleans.Concurrency;
using Sophia.Tenancy;

namespace Sophia.Integrations;

/// <summary>
/// One tenant's integration with one provider (see <see cref="IIntegrationGrain"/>). Reentrant, so a slow provider call
/// never queues the others: changes are atomic swaps of the connected provider, and writes go one after the other.
/// </summary>
[Reentrant]
public sealed partial class IntegrationGrain(
    [PersistentState("integration", "sophia")] IPersistentState<IntegrationState> state,
    IServiceProvider services, IDataProtectionProvider protection, IHttpMessageHandlerFactory handlers, TimeProvider time, ILogger<IntegrationGrain> logger)
    : Grain, IIntegrationGrain
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(25);

    private Connection? _connection;
    private SerialWrites? _writes;

    private string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;

    private string Name => GrainKeys.Split(this.GetPrimaryKeyString()).Local;

    private SerialWrites Writes => _writes ??= new SerialWrites(() => state.WriteStateAsync());

    // Secrets of one tenant cannot be read with another tenant's purpose, even from a copied row.
    private IDataProtector Protector => protection.CreateProtector("sophia.integrations", Tenant, Name);

    private Memory.IMemoryGrain TenantMemory => GrainFactory.GetGrain<Memory.IMemoryGrain>(Memory.MemoryScopes.Key(Tenant, Memory.MemoryScopes.Tenant));

    private IIntegrationRegistryGrain Registry => GrainFactory.GetGrain<IIntegrationRegistryGrain>(Tenant);

    public async Task<IntegrationStatus> ConnectAsync(string settingsJson, string user)
    {
        var provider = services.GetKeyedService<IntegrationProvider>(IntegrationNames.ProviderOf(Name))
            ?? throw new IntegrationRefusedException($"Sophia has no integration '{Name}'; it knows {string.Join(", ", IntegrationNames.Providers)} and MCP servers.");
        var body = ParseObject(settingsJson, "The body");
        var every = SyncSchedule.Take(body, provider.Syncs);
        var parsed = provider.Parse(body);
        var keepState = state.State.Connected && JsonNode.DeepEquals(JsonNode.Parse(state.State.Settings), parsed.Settings)
            ? _connection?.Session.State ?? ReadableProviderState() : [];
        var connection = Open(provider, parsed.Settings, parsed.Secrets, keepState);
        var awaitsConsent = provider.AwaitsConsent(connection.Session);
        IReadOnlyList<IntegrationToolSpec> tools = [];
        try
        {
            if (!awaitsConsent)
            {
                tools = await CheckedToolsAsync(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        var previous = _connection;
        _connection = connection;
        state.State = new IntegrationState
        {
            Connected = true,
            AwaitingConsent = awaitsConsent,
            Settings = parsed.Settings.ToJsonString(),
            ProtectedSecrets = Protector.Protect(JsonSerializer.Serialize(parsed.Secrets)),
            ProtectedProviderState = Protector.Protect(keepState.ToJsonString()),
            ConnectedAt = time.GetUtcNow(),
            ConnectedBy = user,
            Health = IntegrationHealth.Unknown with { LastSuccessAt = time.GetUtcNow() },
            Sync = provider.Syncs ? (state.State.Sync ?? IntegrationSync.Never) with { EveryMinutes = every } : null,
            Tools = [.. tools],
        };
        await Writes.WriteAsync();
        await ScheduleAsync();
        if (awaitsConsent)
        {
            await Registry.RemoveAsync(Name);
        }
        else
        {
            await Registry.SetAsync(Name, tools);
        }

        if (previous is not null)
        {
            await previous.DisposeAsync();
        }

        logger.LogInformation("Integration {Integration} of {Tenant} connected by {User} with {Tools} tool(s)", Name, Tenant, user, tools.Count);
        return Status();
    }

    public async Task<bool> DisconnectAsync()
    {
        if (!state.State.Connected)
        {
            return false;
        }

        var connection = _connection;
        _connection = null;
        state.State = new IntegrationState();
        await state.ClearStateAsync();
        await ScheduleAsync();
        await Registry.RemoveAsync(Name);
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        return true;
    }

    public Task<IntegrationStatus?> GetAsync() => Task.FromResult(state.State.Connected ? Status() : null);

    public async Task<IReadOnlyList<IntegrationToolSpec>> ListToolsAsync(bool refresh = false)
    {
        if (!state.State.Connected)
        {
            return [];
        }

        if (refresh)
        {
            await RefreshToolsAsync();
        }

        return state.State.Tools;
    }

    public async Task<string?> PreviewToolAsync(string tool, string argumentsJson)
    {
        var connection = Connected();
        using var deadline = new CancellationTokenSource(CallTimeout);
        return await connection.Provider.PreviewAsync(connection.Session, tool, ParseObject(argumentsJson, "The arguments"), deadline.Token);
    }

    public async Task<string> CallToolAsync(string tool, string argumentsJson, string user)
    {
        if (!state.State.Connected)
        {
            return $"The integration {Name} is not connected; a tenant admin connects it with PUT /api/integrations.";
        }

        if (state.State.Tools.All(t => t.Name != tool))
        {
            return $"{Name} has no tool '{tool}'; it has {string.Join(", ", state.State.Tools.Select(t => t.Name))}.";
        }

        JsonObject arguments;
        try
        {
            arguments = ParseObject(argumentsJson, "The arguments");
        }
        catch (IntegrationRefusedException refused)
        {
            return refused.Message;
        }

        try
        {
            var connection = Connected();
            using var deadline = new CancellationTokenSource(CallTimeout);
            var result = await connection.Provider.CallAsync(connection.Session, tool, arguments, deadline.Token);
            await RecordSuccessAsync();
            return result;
        }
        catch (Exception ex) when (Describe(ex) is { } failure)
        {
            logger.LogInformation("Tool {Tool} of {Integration} ({Tenant}) failed for {User}: {Failure}", tool, Name, Tenant, user, failure);
            await RecordErrorAsync(failure);
            return $"{tool} failed: {failure}";
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private Connection Connected()
    {
        if (_connection is { } connection)
        {
            return connection;
        }

        if (!state.State.Connected)
        {
            throw new IntegrationRefusedException($"The integration {Name} is not connected.");
        }

        try
        {
            var provider = services.GetRequiredKeyedService<IntegrationProvider>(IntegrationNames.ProviderOf(Name));
            return _connection = Open(provider, ParseObject(state.State.Settings, "The settings"), ReadSecrets(), ReadProviderState());
        }
        catch (CryptographicException)
        {
            throw new IntegrationRefusedException(
                $"The credentials of {Name} can no longer be decrypted (the Data Protection keys were lost or replaced): a tenant admin connects it again.");
        }
    }

    private Connection Open(IntegrationProvider provider, JsonObject settings, IReadOnlyDictionary<string, string> secrets, JsonObject providerState)
    {
        var handler = new IntegrationHandler(
            IntegrationResilience.Build(provider.RateLimit, time), handlers.CreateHandler(GuardedHttp.HttpClientName), time, RecordBudget);
        var session = new IntegrationSession(Tenant, Name, settings, secrets, providerState, handler, GrainFactory, time,
            SaveProviderStateAsync, RefreshToolsAsync, RecordBudget);
        return new Connection(provider, session, handler);
    }

    private Task SaveProviderStateAsync()
    {
        if (_connection is null || !state.State.Connected)
        {
            return Task.CompletedTask;
        }

        state.State.ProtectedProviderState = Protector.Protect(_connection.Session.State.ToJsonString());
        return Writes.WriteAsync();
    }

    /// <summary>Checks the connection with a real call and lists its tools; a failure is a refusal saying why.</summary>
    private async Task<IReadOnlyList<IntegrationToolSpec>> CheckedToolsAsync(Connection connection)
    {
        using var deadline = new CancellationTokenSource(CallTimeout);
        await Checked(() => connection.Provider.CheckAsync(connection.Session, deadline.Token));
        return await Checked(() => connection.Provider.ToolsAsync(connection.Session, deadline.Token));
    }

    private async Task RefreshToolsAsync()
    {
        var connection = Connected();
        if (state.State.AwaitingConsent)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(CallTimeout);
        var tools = await Checked(() => connection.Provider.ToolsAsync(connection.Session, deadline.Token));
        state.State.Tools = [.. tools];
        await Writes.WriteAsync();
        await Registry.SetAsync(Name, tools);
    }

    private IReadOnlyDictionary<string, string> ReadSecrets() =>
        state.State.ProtectedSecrets is { } secrets ? JsonSerializer.Deserialize<Dictionary<string, string>>(Protector.Unprotect(secrets))! : new Dictionary<string, string>();

    private JsonObject ReadProviderState() =>
        state.State.ProtectedProviderState is { } saved ? JsonNode.Parse(Protector.Unprotect(saved))!.AsObject() : [];

    /// <summary>The saved state to keep across a reconnection, or none when it can no longer be decrypted: a new connection starts afresh.</summary>
    private JsonObject ReadableProviderState()
    {
        try
        {
            return ReadProviderState();
        }
        catch (CryptographicException)
        {
            return [];
        }
    }

    private void RecordBudget(long? remaining, DateTimeOffset? resetsAt) =>
        state.State.Health = state.State.Health with { RateRemaining = remaining ?? state.State.Health.RateRemaining, RateResetsAt = resetsAt ?? state.State.Health.RateResetsAt };

    private Task RecordSuccessAsync()
    {
        var health = state.State.Health;
        state.State.Health = health with { LastSuccessAt = time.GetUtcNow() };
        // A success after a success changes nothing an admin needs persisted at once.
        return health.Healthy ? Task.CompletedTask : Writes.WriteAsync();
    }

    private Task RecordErrorAsync(string failure)
    {
        state.State.Health = state.State.Health with { LastErrorAt = time.GetUtcNow(), LastError = failure };
        return Writes.WriteAsync();
    }

    private IntegrationStatus Status()
    {
        var s = state.State;
        var sync = s.Sync is { State: SyncStates.Running } running && _syncProgress is { } progress
            ? running with
            {
                Processed = progress.Processed, Documents = running.Documents + progress.Documents,
                Synced = progress.Documents, Failed = progress.Failed, Pending = progress.Pending,
            }
            : s.Sync;
        var shown = s.AwaitingConsent ? "awaiting-consent" : s.Health.Healthy ? "connected" : "failing";
        return new IntegrationStatus(Name, IntegrationNames.ProviderOf(Name), shown, s.Settings, s.Health, sync, s.Tools.Count, s.ConnectedAt, s.ConnectedBy);
    }

    private static JsonObject ParseObject(string json, string what)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new IntegrationRefusedException($"{what} must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new IntegrationRefusedException($"{what} is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Runs a provider step whose failure the admin must read: every way a provider call fails becomes a refusal saying why.</summary>
    private static async Task<T> Checked<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception ex) when (ex is not IntegrationRefusedException && Describe(ex) is { } failure)
        {
            throw new IntegrationRefusedException(failure);
        }
    }

    private static Task Checked(Func<Task> step) => Checked(async () => { await step(); return true; });

    /// <summary>What to tell about a provider call that failed; null for a bug, which is thrown on.</summary>
    private static string? Describe(Exception exception) => exception switch
    {
        IntegrationRefusedException refused => refused.Message,
        BrokenCircuitException => "The provider failed too often; Sophia stops calling it for 30 seconds.",
        RateLimiterRejectedException => "The provider's rate limit is used up for now; try again in a minute.",
        _ when FetchRefusedException.Within(exception) is { } refused => refused.Message,
        OperationCanceledException or TimeoutException => $"The provider did not answer within {CallTimeout.TotalSeconds:0} s.",
        HttpRequestException or IOException => $"The provider could not be reached: {exception.Message}",
        JsonException => $"The provider's answer could not be read: {exception.Message}",
        // A provider SDK's own errors (an API's refusal) say what went wrong in their message.
        _ when exception is not (NullReferenceException or ArgumentNullException or InvalidCastException) => exception.Message,
        _ => null,
    };

    /// <summary>A connected provider with its session and handler, closed together.</summary>
    private sealed record Connection(IntegrationProvider Provider, IntegrationSession Session, HttpMessageHandler Handler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Provider.CloseAsync();
            Session.Http.Dispose();
            Handler.Dispose();
        }
    }
}
