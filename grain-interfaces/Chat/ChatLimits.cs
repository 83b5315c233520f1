using System.Text;

namespace Sophia.Chat;

/// <summary>Input limits shared by the gateway and the grains, so both reject the same input.</summary>
public static class ChatLimits
{
    public const int MaxMessageBytes = 32 * 1024;
    public const int MaxTitleLength = 200;
    public const int MaxReadPage = 500;

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

    /// <summary>Returns why a conversation title is unacceptable, or null when it is fine.</summary>
    public static string? CheckTitle(string? title) =>
        title is not null && title.Length > MaxTitleLength
            ? $"Title is {title.Length} characters; the limit is {MaxTitleLength}."
            : null;
}
