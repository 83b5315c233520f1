using System.Security.Cryptography;
using System.Text;

namespace Sophia.Memory.Chunking;

/// <summary>Content hashes: the ids of documents and chunks and the keys of cached embeddings.</summary>
public static class ContentHash
{
    /// <summary>Lower-case hex SHA-256 of the parts, each length-prefixed so that ("ab","c") and ("a","bc") differ.</summary>
    public static string Of(params string[] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A chunk's id: the hash of its document and its text, so the same document always yields the same ids.</summary>
    public static string Chunk(string documentId, string text) => Of(documentId, text);
}
