using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>Turns a tenant grain's answer into the HTTP answer.</summary>
public static class TenantAnswers
{
    public static IResult ToResult(this TenantAnswer answer, Func<TenantAnswer, IResult> success) =>
        answer.Succeeded ? success(answer) : Results.Problem(statusCode: answer.Status, title: answer.Problem);

    public static string InvitationUrl(string token) => $"/invite/{token}";

    public static object Invitation(string token) => new { token, url = InvitationUrl(token) };
}
