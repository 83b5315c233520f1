using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;

namespace Sophia.Load;

/// <summary>
/// The simulated users' negotiate requests share one connection pool. Each hub connection would otherwise keep its own
/// idle keep-alive connection beside its WebSocket, two descriptors per user on both sides, and 10,000 users would pass
/// the 20,000 a process may open here. A browser closes such an idle connection too; only the WebSocket stays.
/// </summary>
public static class SharedNegotiation
{
    private static readonly SocketsHttpHandler Pool = new() { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) };

    /// <summary>WebSockets only, negotiated through the shared pool.</summary>
    public static void Configure(HttpConnectionOptions options)
    {
        options.Transports = HttpTransportType.WebSockets;
        options.HttpMessageHandlerFactory = _ => new Borrowed();
    }

    // The client disposes its handler with the connection; the pool outlives every connection.
    private sealed class Borrowed() : DelegatingHandler(Pool)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }
}
