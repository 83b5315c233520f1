namespace Sophia.Agents.Tools;

/// <summary>Settings of tools that reach outside Sophia (<c>Sophia:Tools</c>).</summary>
public sealed class ToolOptions
{
    /// <summary>An incoming-webhook URL of the team's chat (Slack, Teams, ...); <c>post_webhook</c> exists only when set.</summary>
    public string? WebhookUrl { get; set; }
}
