using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Sophia.Agents.Swarm;

/// <summary>
/// How the mediator decides that a message needs a plan: it calls this tool. The call ends the model's turn, and the
/// mediator hands the goal to the planner and runs the steps itself, durably.
/// </summary>
internal static class PlanTool
{
    public const string Name = "make_plan";

    private const string Description =
        "Hands a goal that needs several steps (research on web pages, code, tools used in sequence) to the planner, researcher and coder. " +
        "Answer simple questions directly instead.";

    public static AIFunction For(RunningTurn turn) => AIFunctionFactory.Create(
        ([Description("The goal, self-contained, as the planner should read it.")] string goal) =>
        {
            var context = FunctionInvokingChatClient.CurrentContext!;
            context.Terminate = true;
            turn.RequestPlan(context.CallContent, goal);
            return "The planner takes it from here.";
        },
        Name,
        Description);
}
