using Sophia.Chat;
using Sophia.ClientApi.Projects;

namespace Sophia.Tests.Projects;

public sealed class PlanReaderTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void A_plan_shows_each_step_where_it_stands_and_the_step_an_approval_holds()
    {
        var events = new[]
        {
            Step(2, "planner", "plan", null, "running", ""),
            Step(3, "planner", "plan", null, "done", "1. researcher (read_web_page): Read the pricing page\n2. coder (post_webhook): Post the price to the team"),
            Step(4, "researcher", "step 1", "read_web_page", "running", "1. Read the pricing page"),
            Step(5, "researcher", "step 1", "read_web_page", "done", "Pro costs 42 EUR."),
            Step(6, "coder", "step 2", "post_webhook", "running", "2. Post the price to the team"),
            Step(7, "coder", "approval", "post_webhook", "pending", "Sophia wants to run post_webhook.", "a1"),
        };

        var plan = Assert.Single(PlanReader.Read("c1", "Pricing", events, new Dictionary<long, string> { [1] = "/plan Tell the team what Pro costs" }));

        Assert.Equal(("Tell the team what Pro costs", "waiting", "Pricing"), (plan.Goal, plan.State, plan.Conversation));
        Assert.Equal([("done", "Pro costs 42 EUR."), ("awaiting approval", null)], plan.Steps.Select(s => (s.State, s.Result)));
        Assert.Equal(("coder", "post_webhook", "a1"), (plan.Steps[1].Agent, plan.Steps[1].Tool, plan.Steps[1].ApprovalId));
    }

    [Fact]
    public void A_turn_without_a_plan_is_no_plan_and_a_failed_plan_says_why()
    {
        var events = new[]
        {
            Step(2, "mediator", "call tool", "read_web_page", "done", "read"),
            Step(5, "planner", "plan", null, "failed", "The model answered no steps.", turn: 4),
        };

        var plan = Assert.Single(PlanReader.Read("c1", "", events, new Dictionary<long, string>()));

        Assert.Equal((4L, "failed", "The model answered no steps."), (plan.Turn, plan.State, plan.Problem));
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void GitHub_links_are_issues_and_pull_requests_of_the_connected_repositories()
    {
        var text = "Opened https://github.com/acme/app/pull/12 and see https://git.acme.test/acme/app/issues/7, https://github.com/other/x/issues/1 and https://github.com/acme/app/blob/main/README.md";

        var links = GitHubLinks.In(text, new HashSet<string>(["acme/app"], StringComparer.OrdinalIgnoreCase)).ToList();

        Assert.Equal([("acme/app", "pull request", 12), ("acme/app", "issue", 7)], links.Select(l => (l.Repository, l.Kind, l.Number)));
    }

    private static ChatEvent Step(long seq, string agent, string action, string? tool, string status, string text, string? approvalId = null, long turn = 1) =>
        new(seq, ChatEventTypes.Step, ChatRoles.Assistant, text, At.AddSeconds(seq), Step: new StepInfo(agent, action, tool, status, 0, 0, approvalId), Turn: turn);
}
