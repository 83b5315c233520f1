namespace Sophia.Agents.Tools;

/// <summary>Remembers that one tool call started and what it returned, so a resumed turn replays it instead of running it again.</summary>
public sealed class ToolRunGrain([PersistentState("toolrun", "sophia")] IPersistentState<ToolRunState> state) : Grain, IToolRunGrain
{
    public async Task<ToolRunRecord?> BeginAsync()
    {
        if (state.State.Started)
        {
            return new ToolRunRecord(true, state.State.Result);
        }

        state.State.Started = true;
        await state.WriteStateAsync();
        return null;
    }

    public async Task CompleteAsync(string result)
    {
        state.State.Result = result;
        await state.WriteStateAsync();
    }
}

/// <summary>What a tool run persists.</summary>
[GenerateSerializer, Alias("sophia.ToolRunState")]
public sealed class ToolRunState
{
    [Id(0)] public bool Started { get; set; }
    [Id(1)] public string? Result { get; set; }
}
