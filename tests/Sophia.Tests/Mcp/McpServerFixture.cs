using Sophia.Tests.Memory;

namespace Sophia.Tests.Mcp;

/// <summary>A Sophia server with a local model and small memory chunks, for clients of its MCP server.</summary>
public sealed class McpServerFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public OpenAiCompatibleServer Model { get; private set; } = null!;

    public SophiaServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await OpenAiCompatibleServer.StartAsync();
        var settings = new Dictionary<string, string>(Model.SophiaSettings());
        foreach (var (key, value) in MemoryClusterFixture.Settings)
        {
            settings[key] = value!;
        }

        Server = await SophiaServer.StartAsync(_data.Path, settings);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Model.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class McpServerCollection : ICollectionFixture<McpServerFixture>
{
    public const string Name = "mcp-server";
}
