using System.Text;

namespace Sophia.Chat;

/// <summary>Input limits shared by the gateway and the grains, so both reject the same input.</summary>
public static class ChatLimits
{
    public const int MaxMessageBytes = 32 * 1024;
    public const int MaxTitleLength = 200;
    public const int MaxReadPage = 500;
    public const int MaxRequestIdLength = 128;

    /// <summary>Returns why a message text is unacceptable, or null when it is fine.</summary>
    public static string? CheckMessage(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Message text is empty; send at least one non-blank character.";
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > MaxMessageBytes
            ? $"Message text is {bytes} bytes of UTF-8; the limit is {MaxMessageBytes} bytes (32 KB). Shorten it or split it."
            : null;
    }

    /// <summary>Returns why an idempotency key is unacceptable, or null when it is fine or absent.</summary>
    public static string? CheckRequestId(string? requestId) =>
        requestId is not null && (requestId.Length is 0 or > MaxRequestIdLength)
            ? $"Idempotency key must be 1 to {MaxRequestIdLength} characters."
            : null;

    /// <summary>Returns why a conversation title is unacceptable, or null when it is fine.</summary>
    public static string? CheckTitle(string? title) =>
        title is not null && title.Length > MaxTitleLength
            ? $"Title is {title.Length} characters; the limit is {MaxTitleLength}."
            : null;
}
