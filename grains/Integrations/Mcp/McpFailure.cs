using System.Net;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using Sophia.Net;

namespace Sophia.Integrations.Mcp;

/// <summary>What to tell an admin or a model when talking to an MCP server failed: where, and the status or error, never a header.</summary>
public static class McpFailure
{
    public static IntegrationRefusedException Of(McpServerSettings settings, Exception exception)
    {
        if (FetchRefusedException.Within(exception) is { } refused)
        {
            return new IntegrationRefusedException(refused.Message);
        }

        if (Status(exception) is { } status)
        {
            var hint = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? " Check the headers (such as Authorization) given with the server."
                : status == HttpStatusCode.NotFound ? " Check the url: it is the server's MCP endpoint." : "";
            return new IntegrationRefusedException($"The MCP server at {settings.Where} refused the connection: HTTP {(int)status} {status}.{hint}");
        }

        return new IntegrationRefusedException(exception switch
        {
            McpProtocolException protocol => $"The MCP server at {settings.Where} answered an error: {protocol.Message}",
            ClientTransportClosedException { Details: StdioClientCompletionDetails stdio } =>
                $"The MCP server {settings.Where} exited (code {stdio.ExitCode?.ToString() ?? "unknown"})" +
                (stdio.StandardErrorTail is { Count: > 0 } tail ? $": {string.Join(" ", tail)}" : "."),
            TimeoutException or OperationCanceledException => $"The MCP server at {settings.Where} did not answer in time.",
            HttpRequestException or IOException or System.ComponentModel.Win32Exception =>
                $"The MCP server at {settings.Where} could not be reached: {Innermost(exception).Message}",
            ClientTransportClosedException or McpException => $"The MCP server at {settings.Where} closed the connection.",
            _ => $"The MCP server at {settings.Where} could not be used ({exception.GetType().Name}).",
        });
    }

    /// <summary>Whether <paramref name="exception"/> is a way talking to a server fails, to be told, rather than a bug.</summary>
    public static bool IsServerFailure(Exception exception) =>
        exception is HttpRequestException or IOException or McpException or TimeoutException or ClientTransportClosedException
            or InvalidOperationException or System.ComponentModel.Win32Exception or System.Text.Json.JsonException;

    private static HttpStatusCode? Status(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException { StatusCode: { } code }:
                    return code;
                case ClientTransportClosedException { Details: HttpClientCompletionDetails { HttpStatusCode: { } closed } }:
                    return closed;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
