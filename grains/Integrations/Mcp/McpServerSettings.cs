using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Mcp;

/// <summary>
/// Where a tenant's MCP server is: a streamable HTTP <see cref="Url"/> with headers (their values secret), or a
/// <see cref="Command"/> started over stdio with arguments and environment (its values secret); and the tools that
/// need no approval.
/// </summary>
public sealed record McpServerSettings(
    Uri? Url,
    IReadOnlyDictionary<string, string> Headers,
    string? Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlySet<string> SafeTools)
{
    private const string HeaderSecret = "header:";
    private const string EnvSecret = "env:";

    public bool IsStdio => Command is not null;

    /// <summary>How the server is named in messages: its URL or its command, never a secret.</summary>
    public string Where => Url?.ToString() ?? $"command '{Command}'";

    /// <summary>Reads the admin's PUT body; throws <see cref="IntegrationRefusedException"/> naming the field to fix.</summary>
    public static McpServerSettings Parse(JsonObject body, bool allowStdio)
    {
        var url = Text(body, "url");
        var command = Text(body, "command");
        var safeTools = Strings(body, "safeTools").ToHashSet(StringComparer.Ordinal);
        if ((url is null) == (command is null))
        {
            throw new IntegrationRefusedException("Give either url (a streamable HTTP MCP server) or command (a stdio MCP server).");
        }

        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new IntegrationRefusedException($"url '{url}' is not an absolute http or https URL.");
            }

            var headers = Map(body, "headers");
            using var probe = new HttpRequestMessage();
            foreach (var name in headers.Keys.Where(name => !probe.Headers.TryAddWithoutValidation(name, "x")))
            {
                throw new IntegrationRefusedException($"headers: '{name}' cannot be sent as a request header.");
            }

            return new McpServerSettings(uri, headers, null, [], new Dictionary<string, string>(), safeTools);
        }

        if (!allowStdio)
        {
            throw new IntegrationRefusedException(
                $"This Sophia does not start MCP servers as commands (stdio); its operator can allow it with {McpIntegrationOptions.AllowStdioKey} = true. Use a streamable HTTP url instead.");
        }

        return new McpServerSettings(null, new Dictionary<string, string>(), command, Strings(body, "args"), Map(body, "env"), safeTools);
    }

    /// <summary>The settings as the grain keeps them: header and variable names in the clear, their values as secrets.</summary>
    public IntegrationSettings ToIntegrationSettings()
    {
        var settings = new JsonObject
        {
            ["transport"] = IsStdio ? "stdio" : "http",
            ["safeTools"] = new JsonArray([.. SafeTools.Order(StringComparer.Ordinal).Select(t => (JsonNode)t)]),
        };
        if (IsStdio)
        {
            settings["command"] = Command;
            settings["args"] = new JsonArray([.. Args.Select(a => (JsonNode)a)]);
            settings["env"] = new JsonArray([.. Env.Keys.Select(k => (JsonNode)k)]);
        }
        else
        {
            settings["url"] = Url!.ToString();
            settings["headers"] = new JsonArray([.. Headers.Keys.Select(k => (JsonNode)k)]);
        }

        var secrets = Headers.ToDictionary(h => HeaderSecret + h.Key, h => h.Value);
        foreach (var (name, value) in Env)
        {
            secrets[EnvSecret + name] = value;
        }

        return new IntegrationSettings(settings, secrets);
    }

    public static McpServerSettings From(IntegrationSession session)
    {
        var s = session.Settings;
        var safeTools = Strings(s, "safeTools").ToHashSet(StringComparer.Ordinal);
        var headers = Secrets(session, HeaderSecret);
        var env = Secrets(session, EnvSecret);
        return Text(s, "command") is { } command
            ? new McpServerSettings(null, headers, command, Strings(s, "args"), env, safeTools)
            : new McpServerSettings(new Uri(Text(s, "url") ?? throw new IntegrationRefusedException("The MCP server's settings have no url.")), headers, null, [], env, safeTools);
    }

    /// <summary>A value that changes whenever anything the connection depends on changes, secrets included; kept in memory only.</summary>
    public string Fingerprint() =>
        string.Join('\n', [Url?.ToString() ?? "", Command ?? "", .. Args, .. Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}"),
            .. Env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")]);

    private static Dictionary<string, string> Secrets(IntegrationSession session, string prefix) =>
        session.Secrets.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(s => s.Key[prefix.Length..], s => s.Value, StringComparer.Ordinal);

    private static string? Text(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
        _ => throw new IntegrationRefusedException($"{field} must be a string."),
    };

    private static List<string> Strings(JsonObject body, string field) => body[field] switch
    {
        null => [],
        JsonArray array when array.All(a => a is JsonValue v && v.TryGetValue<string>(out _)) => [.. array.Select(a => a!.GetValue<string>())],
        _ => throw new IntegrationRefusedException($"{field} must be an array of strings."),
    };

    private static Dictionary<string, string> Map(JsonObject body, string field) => body[field] switch
    {
        null => new Dictionary<string, string>(StringComparer.Ordinal),
        JsonObject map when map.All(m => m.Value is JsonValue v && v.TryGetValue<string>(out _)) =>
            map.ToDictionary(m => m.Key, m => m.Value!.GetValue<string>(), StringComparer.Ordinal),
        _ => throw new IntegrationRefusedException($"{field} must be an object of names to string values."),
    };
}
