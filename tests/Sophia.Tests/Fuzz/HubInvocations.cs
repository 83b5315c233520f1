namespace Sophia.Tests.Fuzz;

/// <summary>Hub invocations with wrong argument types and counts, unknown methods, bad ids and oversized text.</summary>
public sealed class HubInvocations(Random random, FuzzIdentity identity)
{
    private static readonly string[] Methods = ["CreateConversation", "SendMessage", "SetPolicy", "Approve", "Watch", "NoSuchMethod", "sendmessage", "OnConnectedAsync", "Dispose"];

    public (string Method, object?[] Arguments) Next()
    {
        var method = random.Next(10) == 0 ? Methods[random.Next(Methods.Length)] : Methods[random.Next(5)];
        var count = random.Next(5) == 0 ? random.Next(0, 6) : ExpectedCount(method);
        // Text past the hub's 32 KB message limit, but the whole invocation within the transport's frame limit, which closes the connection by design.
        var budget = 200_000;
        return (method, Enumerable.Range(0, count).Select(_ => Argument(ref budget)).ToArray());
    }

    private static int ExpectedCount(string method) => method switch
    {
        "CreateConversation" => 1,
        "SendMessage" => 3,
        "SetPolicy" => 2,
        "Approve" => 4,
        "Watch" => 2,
        _ => 1,
    };

    private object? Argument(ref int budget)
    {
        var argument = Argument();
        if (argument is string { Length: var length } && length > 1000)
        {
            if (length > budget)
            {
                return "over budget";
            }

            budget -= length;
        }

        return argument;
    }

    private object? Argument() => random.Next(12) switch
    {
        0 => null,
        1 => random.Next(),
        2 => random.Next(2) == 0,
        3 => new Dictionary<string, object?> { ["text"] = "an object", ["n"] = 1 },
        4 => new object?[] { 1, "two", null },
        5 => new string('x', random.Next(32_000, 200_000)),
        6 => random.Next(2) == 0 ? identity.OthersConversation : identity.Conversation,
        7 => new string('a', random.Next(200, 5000)),
        8 => "\0\u202e\ud83d\udca5",
        9 => double.MaxValue,
        10 => long.MinValue,
        _ => "enqueue",
    };
}
