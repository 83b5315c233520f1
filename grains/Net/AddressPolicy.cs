using System.Net;
using System.Net.Sockets;

namespace Sophia.Net;

/// <summary>
/// Which addresses are internal: a fetch for a user never reaches them, because they lead to this host, its network
/// and the cloud's metadata service (which hands out credentials) rather than to the public web.
/// </summary>
public static class AddressPolicy
{
    /// <summary>The kind of internal address this is ("private addresses", ...), or null when it is public.</summary>
    public static string? InternalKind(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return OfIPv4(address.GetAddressBytes());
        }

        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6None))
        {
            return "unspecified addresses";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "loopback addresses";
        }

        // Forms that carry an IPv4 address are judged by that address: ::ffff:a.b.c.d, ::a.b.c.d, NAT64 and 6to4.
        if (address.IsIPv4MappedToIPv6 || b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return OfIPv4(b[12..]);
        }

        if (b is [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..])
        {
            return OfIPv4(b[12..]);
        }

        if (b is [0x20, 0x02, ..])
        {
            return OfIPv4(b[2..6]);
        }

        return b switch
        {
            [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01, ..] => "private addresses",
            [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..] => "reserved addresses",
            [>= 0xfc and <= 0xfd, ..] => "unique-local addresses",
            [0xfe, >= 0x80 and <= 0xbf, ..] => "link-local addresses",
            [0xfe, >= 0xc0, ..] => "site-local addresses",
            [0xff, ..] => "multicast addresses",
            _ => null,
        };
    }

    private static string? OfIPv4(byte[] b) => b switch
    {
        [0, ..] => "unspecified addresses",
        [10, ..] => "private addresses",
        [100, >= 64 and <= 127, ..] => "shared (carrier-grade NAT) addresses",
        [127, ..] => "loopback addresses",
        [169, 254, ..] => "link-local addresses",
        [172, >= 16 and <= 31, ..] => "private addresses",
        [192, 0, 0, _] => "reserved addresses",
        [192, 168, ..] => "private addresses",
        [198, 18 or 19, ..] => "reserved addresses",
        [>= 224 and <= 239, ..] => "multicast addresses",
        [255, 255, 255, 255] => "broadcast addresses",
        [>= 240, ..] => "reserved addresses",
        _ => null,
    };
}
