using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary><c>POST /api/auth/token</c>: username and password in, bearer token out.</summary>
public static class AuthEndpoints
{
    public sealed record TokenRequest(string? Username, string? Password, string? Tenant);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/auth/token", async (TokenRequest? request, IGrainFactory grains, TokenIssuer issuer) =>
        {
            if (request is null || string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password))
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body with \"username\" and \"password\".");
            }

            var caller = new Caller(request.Tenant ?? GrainKeys.DefaultTenant, request.Username);
            var valid = GrainKeys.IsWellFormedName(caller.Tenant) && GrainKeys.IsWellFormedName(caller.User)
                && await grains.GetGrain<IUserGrain>(caller.UserKey).VerifyPasswordAsync(request.Password);
            if (!valid)
            {
                return Results.Problem(statusCode: 401, title: "Unknown username or wrong password.");
            }

            var (token, expiresIn) = issuer.Issue(caller);
            return Results.Ok(new { access_token = token, token_type = "Bearer", expires_in = expiresIn });
        }).AllowAnonymous();
        return routes;
    }
}
