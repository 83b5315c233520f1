using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Mcp;

/// <summary>
/// One connected MCP client and how it hears that the server's tools changed: the session-wide
/// <c>notifications/tools/list_changed</c> of an initialize-handshake session, or, on the 2026-07-28 revision that has
/// no sessions, a <c>subscriptions/listen</c> request held open for it.
/// </summary>
internal sealed class McpConnection : IAsyncDisposable
{
    private const string FirstRevisionWithoutSessions = "2026-07-28";

    private readonly CancellationTokenSource _closing = new();
    private Task? _listening;

    private McpConnection(McpClient client, string fingerprint) => (Client, Fingerprint) = (client, fingerprint);

    public McpClient Client { get; }

    public string Fingerprint { get; }

    /// <summary>False once the session ended (the server went away, a stdio process exited) or its change stream closed.</summary>
    public bool Alive => !Client.Completion.IsCompleted && _listening is not { IsCompleted: true };

    public static async Task<McpConnection> OpenAsync(
        IntegrationSession session, McpServerSettings settings, Func<Task> toolsChanged, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // The grain's scheduler when opened inside a grain turn: the grain lists its tools again on its own context.
        var scheduler = TaskScheduler.Current;
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "Sophia", Version = "1.0" },
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                    {
                        // Off the client's read loop: the grain lists the tools again through this same client.
                        _ = Task.Factory.StartNew(toolsChanged, CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };

        var client = await McpClient.CreateAsync(Transport(session, settings, loggers), options, loggers, cancellationToken);
        var connection = new McpConnection(client, settings.Fingerprint());
        if (string.CompareOrdinal(client.NegotiatedProtocolVersion, FirstRevisionWithoutSessions) >= 0 && client.ServerCapabilities.Tools?.ListChanged == true)
        {
            connection._listening = client.SendRequestAsync(ListenForToolChanges(), connection._closing.Token);
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        if (_listening is not null)
        {
            await _listening.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        await Client.DisposeAsync();
        _closing.Dispose();
    }

    private static IClientTransport Transport(IntegrationSession session, McpServerSettings settings, ILoggerFactory loggers)
    {
        if (settings.IsStdio)
        {
            return new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = session.Integration,
                Command = settings.Command!,
                Arguments = [.. settings.Args],
                EnvironmentVariables = settings.Env.ToDictionary(e => e.Key, e => (string?)e.Value),
            }, loggers);
        }

        // The grain's handler: the guarded client, its rate limiter, retries and circuit breaker. The change stream is
        // long-lived, so the client itself sets no overall timeout; each call is bounded by its cancellation token.
        var http = new HttpClient(session.Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        return new HttpClientTransport(new HttpClientTransportOptions
        {
            Name = session.Integration,
            Endpoint = settings.Url!,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = settings.Headers.ToDictionary(h => h.Key, h => h.Value),
        }, http, loggers, ownsHttpClient: true);
    }

    private static JsonRpcRequest ListenForToolChanges() => new()
    {
        Method = RequestMethods.SubscriptionsListen,
        Params = JsonSerializer.SerializeToNode(
            new SubscriptionsListenRequestParams { Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true } },
            McpJsonUtilities.DefaultOptions),
    };
}
