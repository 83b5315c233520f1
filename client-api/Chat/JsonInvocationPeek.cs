using System.Buffers;
using System.Text.Json;

namespace Sophia.ClientApi.Chat;

/// <summary>The target and argument count of the next message of SignalR's JSON protocol, read without binding it.</summary>
internal static class JsonInvocationPeek
{
    private const byte RecordSeparator = 0x1e;

    /// <summary>False when the next message is incomplete, not JSON, or names no target or arguments.</summary>
    public static bool TryPeek(ReadOnlySequence<byte> input, out string target, out int arguments)
    {
        (target, arguments) = ("", -1);
        if (input.PositionOf(RecordSeparator) is not { } end)
        {
            return false;
        }

        var reader = new Utf8JsonReader(input.Slice(0, end));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Compared as bytes: this runs for every message a client sends.
                var isTarget = reader.ValueTextEquals("target"u8);
                var isArguments = !isTarget && reader.ValueTextEquals("arguments"u8);
                reader.Read();
                if (isTarget && reader.TokenType == JsonTokenType.String)
                {
                    target = reader.GetString()!;
                }
                else if (isArguments && reader.TokenType == JsonTokenType.StartArray)
                {
                    arguments = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        arguments++;
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return target.Length > 0 && arguments >= 0;
    }
}
