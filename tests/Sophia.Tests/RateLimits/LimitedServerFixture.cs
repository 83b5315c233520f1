using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Sophia.Tests.RateLimits;

/// <summary>A server with small limits and a long window, so a test reaches each limit in a few calls and no permit comes back meanwhile.</summary>
public sealed class LimitedServerFixture : IAsyncLifetime
{
    public const int Permits = 3;

    private readonly TempFolder _data = new();

    public SophiaServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SophiaServer.StartAsync(_data.Path, new Dictionary<string, string>
    {
        ["Sophia:RateLimits:Sends:PermitLimit"] = $"{Permits}",
        ["Sophia:RateLimits:Sends:WindowSeconds"] = "600",
        ["Sophia:RateLimits:V1:PermitLimit"] = $"{Permits}",
        ["Sophia:RateLimits:V1:WindowSeconds"] = "600",
        ["Sophia:RateLimits:Uploads:PermitLimit"] = $"{Permits}",
        ["Sophia:RateLimits:Uploads:WindowSeconds"] = "600",
        ["Sophia:RateLimits:Mcp:PermitLimit"] = $"{Permits}",
        ["Sophia:RateLimits:Mcp:WindowSeconds"] = "600",
    });

    public async Task<(string Id, string Key)> CreateKeyAsync(string token, string name)
    {
        using var request = Server.Request(HttpMethod.Post, "/api/keys", token);
        request.Content = JsonContent.Create(new { name });
        using var response = await Server.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    /// <summary>A client whose connections come from <paramref name="address"/> (any of 127.0.0.0/8), as another machine's would.</summary>
    public HttpClient ClientFrom(string address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = new Uri(Server.BaseUrl) };

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class LimitedServerCollection : ICollectionFixture<LimitedServerFixture>
{
    public const string Name = "rate-limited-server";
}
