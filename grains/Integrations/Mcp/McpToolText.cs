using System.Text;
using ModelContextProtocol.Protocol;

namespace Sophia.Integrations.Mcp;

/// <summary>A tool result as text for the model: its text content joined, other content named, an error said as one.</summary>
public static class McpToolText
{
    public static string Of(string server, string tool, CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(block switch
            {
                TextContentBlock t => t.Text,
                ImageContentBlock i => $"[an image, {i.MimeType}]",
                AudioContentBlock a => $"[audio, {a.MimeType}]",
                ResourceLinkBlock link => $"[resource {link.Name}: {link.Uri}]",
                EmbeddedResourceBlock { Resource: TextResourceContents r } => r.Text,
                EmbeddedResourceBlock e => $"[resource {e.Resource.Uri}]",
                _ => $"[{block.Type} content]",
            });
        }

        if (text.Length == 0 && result.StructuredContent is { } structured)
        {
            text.Append(structured.ToString());
        }

        var answer = text.Length == 0 ? "(no content)" : text.ToString();
        return result.IsError == true ? $"The MCP server '{server}' reported an error from its tool {tool}: {answer}" : answer;
    }
}
