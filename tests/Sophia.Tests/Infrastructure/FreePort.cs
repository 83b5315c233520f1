using System.Net;
using System.Net.Sockets;

namespace Sophia.Tests.Infrastructure;

/// <summary>Loopback ports nobody is listening on, so parallel test servers never collide.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
