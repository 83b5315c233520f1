using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sophia.Agents;
using Sophia.Silo.Hosting;

namespace Sophia.Tests.Infrastructure;

/// <summary>A <see cref="ChatModel"/> wired exactly as Sophia wires it (named clients, resilience), from settings.</summary>
public sealed class ChatModelHost : IDisposable
{
    private readonly ServiceProvider _services;

    public ChatModelHost(string endpoint, string model, string apiKey, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sophia:Llm:Endpoint"] = endpoint,
            ["Sophia:Llm:Model"] = model,
            ["Sophia:Llm:ApiKey"] = apiKey,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddLogging().AddSophiaChatModel(configuration).BuildServiceProvider();
        Model = _services.GetRequiredService<ChatModel>();
    }

    public ChatModel Model { get; }

    public void Dispose() => _services.Dispose();
}
