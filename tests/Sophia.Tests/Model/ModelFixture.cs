namespace Sophia.Tests.Model;

/// <summary>A local OpenAI-compatible model server and a Sophia server configured to use it, with a gateway header.</summary>
public sealed class ModelFixture : IAsyncLifetime
{
    public const string GatewayHeader = "x-portkey-config";
    public const string GatewayHeaderValue = "pc-sophia-tests";

    private readonly TempFolder _data = new();

    public OpenAiCompatibleServer Model { get; private set; } = null!;

    public SophiaServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await OpenAiCompatibleServer.StartAsync();
        Server = await SophiaServer.StartAsync(_data.Path, Model.SophiaSettings(
            ($"Sophia:Llm:Headers:{GatewayHeader}", GatewayHeaderValue), ("Sophia:Llm:RetryDelayMilliseconds", "20")));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Model.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ModelCollection : ICollectionFixture<ModelFixture>
{
    public const string Name = "model-server";
}
