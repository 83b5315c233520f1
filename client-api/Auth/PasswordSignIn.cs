using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// A sign-in with username and password, shared by the token endpoint and the browser's login: limited per username
/// (per address is the endpoint's rate limiting policy, RateLimitPolicies.SignIn), locked out by the user grain after
/// repeated failures, and logged as a structured event without the password. Every attempt with a well-formed name is
/// audited, failures too.
/// </summary>
public sealed class PasswordSignIn(IGrainFactory grains, AuditTrail audit, IOptions<AuthOptions> options, ILogger<PasswordSignIn> logger) : IDisposable
{
    public sealed record Request(string? Tenant, string? Username, string? Password, string? NewPassword);

    /// <summary>A signed-in caller, or the answer to give instead.</summary>
    public sealed record Outcome(Caller? Caller, long SessionVersion, IResult? Refusal);

    private readonly PartitionedRateLimiter<string> _perUsername = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetSlidingWindowLimiter(user, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInsPerUsernamePerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
        }));

    public async Task<Outcome> SignInAsync(HttpContext http, Request? request)
    {
        if (request is null || string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password))
        {
            return Refused(400, "Send a JSON body with \"username\" and \"password\" (and \"tenant\" unless it is 'default').");
        }

        var caller = new Caller(string.IsNullOrEmpty(request.Tenant) ? GrainKeys.DefaultTenant : request.Tenant, request.Username);
        var address = http.Connection.RemoteIpAddress?.ToString();
        using var lease = _perUsername.AttemptAcquire(caller.UserKey);
        if (!lease.IsAcquired)
        {
            logger.LogWarning("Sign-in of {Tenant}/{User} from {Address} refused: too many attempts for this username", caller.Tenant, caller.User, address);
            await AuditFailureAsync(http, caller, "too_many_attempts", AuditOutcomes.Refused);
            return TooMany(http, lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1), "Too many sign-in attempts for this username.");
        }

        if (!GrainKeys.IsWellFormedName(caller.Tenant) || !GrainKeys.IsWellFormedName(caller.User) || request.Password.Length > PasswordRules.MaxLength)
        {
            return Refused(401, "Unknown username or wrong password.");
        }

        using var asCaller = caller.Enter();
        var result = await grains.GetGrain<IUserGrain>(caller.UserKey).SignInAsync(request.Password, request.NewPassword);
        await (result.Status == SignInStatus.SignedIn
            ? audit.RecordAsync(http, caller.Tenant, caller.User, AuditActions.SignIn, caller.User, new { method = "password", passwordChanged = request.NewPassword is not null })
            : AuditFailureAsync(http, caller, Reason(result.Status), result.Status == SignInStatus.Invalid ? AuditOutcomes.Failed : AuditOutcomes.Refused));
        switch (result.Status)
        {
            case SignInStatus.SignedIn:
                logger.LogInformation("{Tenant}/{User} signed in from {Address}", caller.Tenant, caller.User, address);
                return new Outcome(caller, result.SessionVersion, null);
            case SignInStatus.LockedOut:
                logger.LogWarning("Sign-in of {Tenant}/{User} from {Address} refused: locked out", caller.Tenant, caller.User, address);
                var wait = result.RetryAfter ?? TimeSpan.FromMinutes(15);
                return TooMany(http, wait, $"Too many failed sign-ins: this account is locked until {DateTimeOffset.UtcNow + wait:HH:mm} UTC.");
            case SignInStatus.Disabled:
                logger.LogWarning("Sign-in of {Tenant}/{User} from {Address} refused: the account is disabled", caller.Tenant, caller.User, address);
                return Refused(403, "This account is disabled: ask an admin of your company.");
            case SignInStatus.PasswordChangeRequired:
                return Refused(403, "An admin reset your password: sign in again with \"newPassword\" set to the password you choose.", passwordChangeRequired: true);
            case SignInStatus.NewPasswordRefused:
                return Refused(400, result.Problem ?? "Choose another new password.", passwordChangeRequired: true);
            default:
                logger.LogWarning("Sign-in of {Tenant}/{User} from {Address} failed", caller.Tenant, caller.User, address);
                return Refused(401, "Unknown username or wrong password.");
        }
    }

    /// <summary>429 with <c>Retry-After</c>, saying when to try again.</summary>
    public static Outcome TooMany(HttpContext http, TimeSpan retryAfter, string why)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Refused(429, $"{why} Try again in {Describe(seconds)}.");
    }

    public void Dispose() => _perUsername.Dispose();

    // Only GrainKeys-valid names reach here, so an entry never carries what was typed as a password into the name field.
    private Task AuditFailureAsync(HttpContext http, Caller caller, string reason, string outcome) =>
        GrainKeys.IsWellFormedName(caller.Tenant) && GrainKeys.IsWellFormedName(caller.User)
            ? audit.RecordAsync(http, caller.Tenant, caller.User, AuditActions.SignInFailed, caller.User, new { method = "password", reason }, outcome)
            : Task.CompletedTask;

    private static string Reason(SignInStatus status) => status switch
    {
        SignInStatus.LockedOut => "locked_out",
        SignInStatus.Disabled => "disabled",
        SignInStatus.PasswordChangeRequired => "password_change_required",
        SignInStatus.NewPasswordRefused => "new_password_refused",
        _ => "unknown_user_or_wrong_password",
    };

    private static Outcome Refused(int status, string title, bool passwordChangeRequired = false) =>
        new(null, 0, Results.Problem(statusCode: status, title: title,
            extensions: passwordChangeRequired ? new Dictionary<string, object?> { ["passwordChangeRequired"] = true } : null));

    private static string Describe(int seconds) => seconds < 90 ? $"{seconds} seconds" : $"{(seconds + 59) / 60} minutes";
}
