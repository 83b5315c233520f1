namespace Sophia.Tests.Quotas;

/// <summary>A Sophia server answering with the local OpenAI-compatible model server's two-token reply.</summary>
public sealed class QuotaServerFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public OpenAiCompatibleServer Model { get; private set; } = null!;

    public SophiaServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await OpenAiCompatibleServer.StartAsync();
        Model.Responder = _ => new ScriptedReply { Tokens = ["Fine", "."], TokenDelay = TimeSpan.Zero };
        Server = await SophiaServer.StartAsync(_data.Path, Model.SophiaSettings());
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Model.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class QuotaServerCollection : ICollectionFixture<QuotaServerFixture>
{
    public const string Name = "quota-server";
}
