using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Sophia.Memory;
using Sophia.Tests.Memory;

namespace Sophia.Tests.Mcp;

/// <summary>The official C# MCP client connected to a Sophia server's <c>/mcp</c> over streamable HTTP with a bearer credential.</summary>
public sealed class McpConnection : IAsyncDisposable
{
    private readonly HttpClientTransport _transport;

    private McpConnection(HttpClientTransport transport, McpClient client) => (_transport, Client) = (transport, client);

    public McpClient Client { get; }

    public static async Task<McpConnection> OpenAsync(SophiaServer server, string bearer)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"{server.BaseUrl}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {bearer}" },
        });
        try
        {
            return new McpConnection(transport, await Within.Wait(McpClient.CreateAsync(transport), "the MCP client to connect"));
        }
        catch
        {
            await transport.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<string>> ToolNamesAsync() => [.. (await Client.ListToolsAsync()).Select(t => t.Name)];

    public Task<CallToolResult> CallAsync(string tool, object arguments) =>
        Within.Wait(Client.CallToolAsync(tool, JsonSerializer.SerializeToElement(arguments).Deserialize<Dictionary<string, object?>>()).AsTask(), $"{tool} to answer", TimeSpan.FromSeconds(90));

    public static string TextOf(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>Uploads a Markdown document into a memory scope through REST and waits until it is stored.</summary>
    public static async Task UploadAsync(SophiaServer server, string token, string scope, string name, string text)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var events = await MemoryEndpointTests.EventStream.OpenAsync(http, $"/api/memory/events?scope={scope}");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        using var form = new MultipartFormDataContent { { file, "file", name } };
        using var response = await http.PostAsync($"/api/memory/documents?scope={scope}", form);
        Assert.True(response.IsSuccessStatusCode, $"uploading {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var accepted = (await response.Content.ReadFromJsonAsync<List<IngestionStatus>>(JsonSerializerOptions.Web))!.Single();
        if (accepted.State != IngestionStates.Stored)
        {
            await events.WaitFor(p => p.Status.DocumentId == accepted.DocumentId && p.Status.State == IngestionStates.Stored, $"{name} to be stored");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _transport.DisposeAsync();
    }
}
