using System.Text.Json;
using ModelContextProtocol.Protocol;
using Sophia.ClientApi.Auth;
using Sophia.Memory;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Mcp;

/// <summary><c>search_memory</c>: the passages of the caller's own memory and the company's that best answer a query, numbered with their sources.</summary>
public sealed class SearchMemoryMcpTool(IGrainFactory grains) : IMcpTool
{
    public const string Name = "search_memory";
    private const int Passages = 5;

    public Tool Definition { get; } = new()
    {
        Name = Name,
        Description = "Searches Sophia's memory (your own documents and facts and those of your whole company) and returns numbered passages with their source.",
        InputSchema = McpResults.StringArguments(("query", "What to look for, in words.", true)),
        Annotations = new ToolAnnotations { ReadOnlyHint = true, OpenWorldHint = false },
    };

    public Permission Permission => Permission.ReadMemory;

    public async Task<CallToolResult> CallAsync(Caller caller, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken cancellationToken)
    {
        if (McpResults.StringArgument(arguments, "query") is not { } query)
        {
            return McpResults.Error("Send \"query\": what to look for, in words.");
        }

        try
        {
            var memory = grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(caller.Tenant, MemoryScopes.User(caller.User)));
            var passages = await memory.RecallAsync(new RecallQuery(query, Passages, AlsoScopes: [MemoryScopes.Tenant]));
            return McpResults.Text(PassageCitations.Cited(query, passages));
        }
        catch (ArgumentException ex)
        {
            return McpResults.Error(ex.Message);
        }
    }
}
