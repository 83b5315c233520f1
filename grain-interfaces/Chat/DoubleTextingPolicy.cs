namespace Sophia.Chat;

/// <summary>What a conversation does with a new message while Sophia is still answering an earlier one.</summary>
public static class DoubleTextingPolicy
{
    /// <summary>Answer it after the earlier ones (the default).</summary>
    public const string Enqueue = "enqueue";

    /// <summary>Refuse it with an error; nothing is written.</summary>
    public const string Reject = "reject";

    /// <summary>Stop the running answer, keep what it wrote, and answer the new message.</summary>
    public const string Interrupt = "interrupt";

    public static readonly IReadOnlyList<string> All = [Enqueue, Reject, Interrupt];

    /// <summary>Returns why a policy name is unacceptable, or null when it is one of <see cref="All"/>.</summary>
    public static string? Check(string? policy) =>
        policy is not null && All.Contains(policy) ? null : $"Unknown policy '{policy}'; use one of: {string.Join(", ", All)}.";
}
