using System.Security.Cryptography;
using System.Text;

namespace Sophia.Memory.Index;

/// <summary>
/// Qdrant accepts only unsigned integers or UUIDs as point ids: a chunk's point id is a UUID (RFC 9562 version 8, name-based
/// on SHA-256) of its tenant, scope and chunk id, so the same chunk always maps to the same point and tenants never collide.
/// </summary>
public static class PointIds
{
    public static Guid For(string tenant, string scope, string chunkId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{scope}\n{chunkId}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
