namespace Sophia.Tests.Hub;

/// <summary>One Sophia server in offline mode (no model configured), shared by the hub tests.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public SophiaServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SophiaServer.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "offline-server";
}
