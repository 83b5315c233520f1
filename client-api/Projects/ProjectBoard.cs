using System.Text.Json.Nodes;
using Sophia.Agents;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.Integrations;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Projects;

/// <summary>What the caller's swarm is working on: plans, approvals waiting for them and the GitHub work they touch, from their own conversations only.</summary>
public sealed class ProjectBoard(IGrainFactory grains, ConversationAccess access)
{
    public const int MaxConversations = 30;
    public const int MaxPlans = 50;
    private const int MaxEventsPerConversation = 2000;
    private const int MaxLinks = 50;

    public sealed record Board(IReadOnlyList<ProjectPlan> Plans, IReadOnlyList<ProjectApproval> Approvals, bool GitHubConnected, IReadOnlyList<string> Repositories, IReadOnlyList<ProjectLink> Links);

    public async Task<Board> GatherAsync(Caller caller, int conversations, int plans)
    {
        var recent = (await access.ListAsync(caller)).OrderByDescending(c => c.CreatedAt).Take(Math.Clamp(conversations, 1, MaxConversations)).ToList();
        var (connected, repositories) = await GitHubAsync(caller.Tenant);
        var read = await Task.WhenAll(recent.Select(c => ReadAsync(caller, c, connected, repositories)));
        return new Board(
            read.SelectMany(r => r.Plans).OrderByDescending(p => p.At).Take(Math.Clamp(plans, 1, MaxPlans)).ToList(),
            read.SelectMany(r => r.Approvals).OrderByDescending(a => a.At).ToList(),
            connected,
            [.. repositories.Order(StringComparer.Ordinal)],
            read.SelectMany(r => r.Links).DistinctBy(l => l.Url).Take(MaxLinks).ToList());
    }

    private async Task<(IReadOnlyList<ProjectPlan> Plans, IReadOnlyList<ProjectApproval> Approvals, IReadOnlyList<ProjectLink> Links)> ReadAsync(
        Caller caller, ConversationSummary summary, bool connected, IReadOnlySet<string> repositories)
    {
        var conversation = await access.OpenAsync(caller, summary.Id);
        var steps = await ConversationLog.ReadAsync(conversation, caller.User, 0, ChatEventTypes.Step).Take(MaxEventsPerConversation).ToListAsync();
        var messages = await ConversationLog.ReadAsync(conversation, caller.User, 0, ChatEventTypes.Message).Take(MaxEventsPerConversation).ToListAsync();
        var goals = messages.Where(m => m.Role == ChatRoles.User).ToDictionary(m => m.Seq, m => m.Text);
        var plans = PlanReader.Read(summary.Id, summary.Title, steps, goals);
        var links = connected
            ? steps.Concat(messages).SelectMany(e => GitHubLinks.In(e.Text, repositories))
                .Select(l => new ProjectLink(l.Url, l.Repository, l.Kind, l.Number, summary.Id, summary.Title)).ToList()
            : [];
        return (plans, await PendingApprovalsAsync(caller, summary, steps), links);
    }

    // The conversation shows an approval as pending until a later step decides it; the approval grain has the last word.
    private async Task<IReadOnlyList<ProjectApproval>> PendingApprovalsAsync(Caller caller, ConversationSummary summary, IReadOnlyList<ChatEvent> steps)
    {
        var pending = steps.Where(e => e.Step is { Action: "approval", ApprovalId: not null })
            .GroupBy(e => e.Step!.ApprovalId!).Select(g => g.MaxBy(e => e.Seq)!).Where(e => e.Step!.Status == "pending").ToList();
        var approvals = new List<ProjectApproval>();
        foreach (var e in pending)
        {
            var status = await grains.GetGrain<IApprovalGrain>(GrainKeys.Of(caller.Tenant, e.Step!.ApprovalId!)).GetAsync();
            if (status is { Approved: null } && status.Request.Owner == caller.User && status.Request.ConversationKey == caller.ConversationKey(summary.Id))
            {
                approvals.Add(new ProjectApproval(e.Step.ApprovalId!, summary.Id, summary.Title, e.Turn, e.Step.Agent, status.Request.Tool, status.Request.Arguments, e.Text, e.At));
            }
        }

        return approvals;
    }

    private async Task<(bool Connected, IReadOnlySet<string> Repositories)> GitHubAsync(string tenant)
    {
        var status = await grains.GetGrain<IIntegrationGrain>(IntegrationNames.Key(tenant, IntegrationNames.GitHub)).GetAsync();
        if (status is null)
        {
            return (false, new HashSet<string>());
        }

        var repositories = (JsonNode.Parse(status.Settings)?["repositories"] as JsonArray)?.Select(r => r?.GetValue<string>()).OfType<string>() ?? [];
        return (true, repositories.ToHashSet(StringComparer.OrdinalIgnoreCase));
    }
}
