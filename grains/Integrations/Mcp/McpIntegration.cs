using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Mcp;

/// <summary>
/// An MCP server a tenant registered (integration <c>mcp:{name}</c>): its tools become agents' tools named
/// <c>mcp__{name}__{tool}</c>, risky unless the admin listed them in <c>safeTools</c>. One connected client per
/// activation, opened again when its session ended or its settings changed.
/// </summary>
public sealed class McpIntegration(IOptions<McpIntegrationOptions> options, ILoggerFactory loggers) : IntegrationProvider
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private McpConnection? _connection;
    private IReadOnlyDictionary<string, string> _originals = new Dictionary<string, string>();
    private Func<Task> _toolsChanged = () => Task.CompletedTask;

    /// <summary>
    /// MCP documents no rate limit and servers set their own; 10 requests a second keeps a runaway loop of tool calls
    /// from flooding a tenant's server while never slowing a turn.
    /// </summary>
    public override ProviderRateLimit RateLimit { get; } = new(10, TimeSpan.FromSeconds(1));

    public override IntegrationSettings Parse(JsonObject body) => McpServerSettings.Parse(body, options.Value.AllowStdio).ToIntegrationSettings();

    public override async Task CheckAsync(IntegrationSession session, CancellationToken cancellationToken) =>
        await ToolsAsync(session, cancellationToken);

    public override async Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync(IntegrationSession session, CancellationToken cancellationToken)
    {
        var settings = McpServerSettings.From(session);
        var server = ServerName(session);
        var tools = await UseAsync(session, settings, (client, ct) => client.ListToolsAsync(cancellationToken: ct).AsTask(), cancellationToken);
        var names = McpToolNames.Assign(server, tools.Select(t => t.ProtocolTool.Name));
        _originals = names.ToDictionary(n => n.Name, n => n.Original, StringComparer.Ordinal);
        return [.. tools.Zip(names, (tool, name) => new IntegrationToolSpec(
            name.Name,
            session.Integration,
            tool.ProtocolTool.Description ?? tool.ProtocolTool.Title ?? $"The tool {tool.ProtocolTool.Name} of the MCP server '{server}'.",
            tool.ProtocolTool.InputSchema.GetRawText(),
            Risky: !settings.SafeTools.Contains(name.Original) && !settings.SafeTools.Contains(name.Name)))];
    }

    public override async Task<string> CallAsync(IntegrationSession session, string tool, JsonObject arguments, CancellationToken cancellationToken)
    {
        if (!_originals.ContainsKey(tool))
        {
            await ToolsAsync(session, cancellationToken);
        }

        if (!_originals.TryGetValue(tool, out var original))
        {
            return $"The MCP server '{ServerName(session)}' has no tool {tool} now; list the tools again.";
        }

        var request = new CallToolRequestParams
        {
            Name = original,
            Arguments = arguments.ToDictionary(a => a.Key, a => JsonDocument.Parse(a.Value?.ToJsonString() ?? "null").RootElement.Clone()),
        };
        var result = await UseAsync(session, McpServerSettings.From(session), (client, ct) => client.CallToolAsync(request, ct).AsTask(), cancellationToken);
        return McpToolText.Of(ServerName(session), original, result);
    }

    public override async ValueTask CloseAsync()
    {
        await _connecting.WaitAsync();
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async Task<T> UseAsync<T>(
        IntegrationSession session, McpServerSettings settings, Func<ModelContextProtocol.Client.McpClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (settings.IsStdio && !options.Value.AllowStdio)
        {
            throw new IntegrationRefusedException(
                $"This Sophia no longer starts MCP servers as commands (stdio): {McpIntegrationOptions.AllowStdioKey} is off. Register the server by url instead.");
        }

        _toolsChanged = session.ToolsChangedAsync;
        try
        {
            var connection = await ConnectionAsync(session, settings, cancellationToken);
            return await call(connection.Client, cancellationToken);
        }
        catch (Exception ex) when (McpFailure.IsServerFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw McpFailure.Of(settings, ex);
        }
    }

    private async Task<McpConnection> ConnectionAsync(IntegrationSession session, McpServerSettings settings, CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { Alive: true } alive && alive.Fingerprint == settings.Fingerprint())
            {
                return alive;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            _connection = await McpConnection.OpenAsync(session, settings, () => _toolsChanged(), loggers, cancellationToken);
            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private static string ServerName(IntegrationSession session) => IntegrationNames.McpNameOf(session.Integration) ?? session.Integration;
}
