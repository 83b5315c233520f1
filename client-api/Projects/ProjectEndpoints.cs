using System.Security.Claims;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Projects;

/// <summary>The caller's projects: the swarm's plans across their conversations, the approvals waiting for them, and the GitHub issues and pull requests those conversations link.</summary>
public static class ProjectEndpoints
{
    public static IServiceCollection AddSophiaProjects(this IServiceCollection services) => services.AddSingleton<ProjectBoard>();

    public static IEndpointRouteBuilder MapProjectEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/projects", async (int? conversations, int? plans, ClaimsPrincipal user, ProjectBoard board) =>
        {
            if (conversations is < 1 or > ProjectBoard.MaxConversations || plans is < 1 or > ProjectBoard.MaxPlans)
            {
                return Results.Problem(statusCode: 400, title: $"conversations must be 1–{ProjectBoard.MaxConversations} and plans 1–{ProjectBoard.MaxPlans}.");
            }

            var found = await board.GatherAsync(Caller.From(user), conversations ?? 20, plans ?? 20);
            return Results.Ok(new
            {
                plans = found.Plans,
                approvals = found.Approvals,
                github = new { connected = found.GitHubConnected, repositories = found.Repositories, links = found.Links },
            });
        }).RequirePermission(Permission.Chat).AddEndpointFilter(ConversationEndpoints.MapErrors);

        return routes;
    }
}
