using System.Security.Cryptography;
using System.Text;

namespace Sophia.Automation;

/// <summary>
/// The one signature scheme of incoming and outgoing webhooks: <c>sha256=</c> and the hex HMAC-SHA256, keyed with the
/// secret's UTF-8 bytes, of <c>{timestamp}.{id}.{body}</c>, where the timestamp is Unix seconds.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Sophia-Signature";
    public const string TimestampHeader = "X-Sophia-Timestamp";
    public const string DeliveryHeader = "X-Sophia-Delivery";
    public const string EventHeader = "X-Sophia-Event";
    public const string Prefix = "sha256=";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>A new secret: 32 random bytes, URL-safe base64, with a prefix that tells what it is.</summary>
    public static string NewSecret() => "whsec_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string timestamp, string id, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + Encoding.UTF8.GetByteCount(id) + 2 + body.Length];
        var at = Encoding.UTF8.GetBytes($"{timestamp}.{id}.", signed);
        body.CopyTo(signed.AsSpan(at));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// Null when the signature is the secret's for this delivery and the timestamp within <see cref="Tolerance"/> of
    /// <paramref name="now"/>; otherwise why not. The comparison takes the same time wherever the first difference is.
    /// </summary>
    public static string? Problem(string secret, SignedDelivery delivery, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(delivery.Signature) || string.IsNullOrEmpty(delivery.Timestamp) || string.IsNullOrEmpty(delivery.Id))
        {
            return $"Sign the delivery: send {SignatureHeader}, {TimestampHeader} (Unix seconds) and {DeliveryHeader} (a unique id).";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, delivery.Timestamp, delivery.Id, delivery.Body));
        var given = Encoding.ASCII.GetBytes(delivery.Signature.Trim());
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return $"The signature does not match: {SignatureHeader} is sha256= and the hex HMAC-SHA256 of \"{{timestamp}}.{{delivery id}}.{{body}}\" with the hook's secret.";
        }

        if (!long.TryParse(delivery.Timestamp, out var seconds) || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return $"The timestamp is more than {Tolerance.TotalMinutes:0} minutes from Sophia's clock ({now.ToUnixTimeSeconds()}): sign each delivery when you send it, and check the sender's clock.";
        }

        return null;
    }
}
