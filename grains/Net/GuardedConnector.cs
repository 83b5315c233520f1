using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Sophia.Net;

/// <summary>
/// Opens the guarded client's connections: resolves the host once, refuses it when any of its addresses is internal
/// (unless the host is allowed), and connects to exactly the addresses it checked, so a second lookup cannot swap them.
/// </summary>
public sealed class GuardedConnector(IOptionsMonitor<WebToolOptions> options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await CheckedAddressesAsync(host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The addresses of a host Sophia may read; throws <see cref="FetchRefusedException"/> for one it may not.</summary>
    public async Task<IPAddress[]> CheckedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.Trim('[', ']');
        var literal = IPAddress.TryParse(name, out var parsed);
        var addresses = literal ? [parsed!] : await Dns.GetHostAddressesAsync(name, cancellationToken);
        if (options.CurrentValue.Allows(name))
        {
            return addresses;
        }

        foreach (var address in addresses)
        {
            if (AddressPolicy.InternalKind(address) is { } kind)
            {
                var which = literal ? $"{address}" : $"{name} resolves to {address}";
                throw new FetchRefusedException(
                    $"Sophia does not read {kind} ({which}). An operator can allow a host in {WebToolOptions.Section}:AllowedHosts.");
            }
        }

        return addresses;
    }
}
