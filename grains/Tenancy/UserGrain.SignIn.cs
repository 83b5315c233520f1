using Microsoft.AspNetCore.Identity;

namespace Sophia.Tenancy;

/// <summary>Passwords: sign-in with lockout, the user's own change and an admin's reset.</summary>
public sealed partial class UserGrain
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public async Task<SignInResult> SignInAsync(string password, string? newPassword)
    {
        if (!Exists || state.State.PasswordHash.Length == 0)
        {
            // The same work as for a known user, so that timing does not tell which names exist.
            await Task.Run(() => PasswordHasher.VerifyDecoy(password));
            return new SignInResult(SignInStatus.Invalid);
        }

        if (LockedFor() is { } locked)
        {
            return new SignInResult(SignInStatus.LockedOut, RetryAfter: locked);
        }

        var verified = await VerifyAsync(password);
        if (verified == PasswordVerificationResult.Failed)
        {
            return await CountFailureAsync();
        }

        if (state.State.Disabled)
        {
            return new SignInResult(SignInStatus.Disabled);
        }

        // Written only when something changed, so an everyday sign-in costs no storage write.
        var changed = state.State.FailedSignIns.Count > 0;
        state.State.FailedSignIns.Clear();
        if (state.State.MustChangePassword)
        {
            if (newPassword is null)
            {
                await WriteIfAsync(changed);
                return new SignInResult(SignInStatus.PasswordChangeRequired);
            }

            if (NewPasswordProblem(password, newPassword) is { } problem)
            {
                return new SignInResult(SignInStatus.NewPasswordRefused, Problem: problem);
            }

            state.State.PasswordHash = await Task.Run(() => PasswordHasher.Hash(newPassword));
            state.State.MustChangePassword = false;
            changed = true;
            logger.LogInformation("User {Tenant}/{User} chose a new password after a reset", Tenant, Username);
        }
        else if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            state.State.PasswordHash = await Task.Run(() => PasswordHasher.Hash(password));
            changed = true;
        }

        await WriteIfAsync(changed);
        return new SignInResult(SignInStatus.SignedIn, state.State.SessionVersion);
    }

    private Task WriteIfAsync(bool changed) => changed ? state.WriteStateAsync() : Task.CompletedTask;

    public async Task<SignInResult> ChangePasswordAsync(string current, string next)
    {
        if (LockedFor() is { } locked)
        {
            return new SignInResult(SignInStatus.LockedOut, RetryAfter: locked);
        }

        if (state.State.PasswordHash.Length == 0 || await VerifyAsync(current) == PasswordVerificationResult.Failed)
        {
            return await CountFailureAsync();
        }

        if (NewPasswordProblem(current, next) is { } problem)
        {
            return new SignInResult(SignInStatus.NewPasswordRefused, Problem: problem);
        }

        state.State.PasswordHash = await Task.Run(() => PasswordHasher.Hash(next));
        state.State.MustChangePassword = false;
        state.State.FailedSignIns.Clear();
        EndSessions();
        await state.WriteStateAsync();
        logger.LogInformation("User {Tenant}/{User} changed their password", Tenant, Username);
        return new SignInResult(SignInStatus.SignedIn, state.State.SessionVersion);
    }

    public async Task ResetPasswordAsync(string temporaryHash)
    {
        state.State.PasswordHash = temporaryHash;
        state.State.MustChangePassword = true;
        state.State.FailedSignIns.Clear();
        state.State.LockedUntil = null;
        EndSessions();
        await state.WriteStateAsync();
    }

    private string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;

    private Task<PasswordVerificationResult> VerifyAsync(string password)
    {
        var hash = state.State.PasswordHash;
        return Task.Run(() => PasswordHasher.Verify(password, hash));
    }

    private string? NewPasswordProblem(string current, string next) =>
        PasswordRules.Check(Username, next) ?? (next == current ? "Choose a password different from the current one." : null);

    private TimeSpan? LockedFor()
    {
        var left = state.State.LockedUntil - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    private async Task<SignInResult> CountFailureAsync()
    {
        var now = time.GetUtcNow();
        state.State.FailedSignIns.RemoveAll(at => now - at >= FailureWindow);
        state.State.FailedSignIns.Add(now);
        var lockedOut = state.State.FailedSignIns.Count >= MaxFailures;
        if (lockedOut)
        {
            state.State.LockedUntil = now + LockoutDuration;
            state.State.FailedSignIns.Clear();
            logger.LogWarning("User {Tenant}/{User} is locked out for {Minutes} minutes after {Failures} failed sign-ins",
                Tenant, Username, LockoutDuration.TotalMinutes, MaxFailures);
        }

        await state.WriteStateAsync();
        return lockedOut ? new SignInResult(SignInStatus.LockedOut, RetryAfter: LockoutDuration) : new SignInResult(SignInStatus.Invalid);
    }
}
