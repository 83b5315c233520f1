using Sophia.Tenancy;

namespace Sophia.Tests.Tenancy;

/// <summary>The rules a tenant grain keeps whoever calls it: roles, its last owner, invitations and lockouts.</summary>
[Collection(TenancyCollection.Name)]
public sealed class TenantRulesTests(TenancyFixture fixture)
{
    private const string Password = "a-long-enough-password";
    private static readonly string Hash = PasswordHasher.Hash(Password);

    private async Task<(ITenantGrain Tenant, string Id)> NewTenantAsync()
    {
        var id = $"t-{Guid.NewGuid():N}"[..20];
        var tenant = fixture.Grains.GetGrain<ITenantGrain>(id);
        Assert.True((await tenant.CreateAsync("boss", Hash)).Succeeded);
        return (tenant, id);
    }

    private IUserGrain User(string tenant, string name) => fixture.Grains.GetGrain<IUserGrain>(GrainKeys.Of(tenant, name));

    [Fact]
    public async Task An_invitation_is_accepted_once_and_refused_when_reused_or_expired()
    {
        var (tenant, id) = await NewTenantAsync();
        var invited = await tenant.InviteAsync("boss", "ann", "ann@example.com", Roles.Member, expiresInHours: 24);
        var late = await tenant.InviteAsync("boss", "bob", null, Roles.Viewer, expiresInHours: 1);

        var accepted = await tenant.AcceptInvitationAsync(TenantIds.HashInvitation(invited.Secret!), "ann", Hash);
        var reused = await tenant.AcceptInvitationAsync(TenantIds.HashInvitation(invited.Secret!), "ann", Hash);
        fixture.Time.Advance(TimeSpan.FromHours(2));
        var expired = await tenant.AcceptInvitationAsync(TenantIds.HashInvitation(late.Secret!), "bob", Hash);

        Assert.Equal(201, accepted.Status);
        Assert.Equal(Roles.Member, accepted.Member!.Role);
        Assert.True(await User(id, "ann").SignsInWithAsync(Password));
        Assert.Equal(404, reused.Status);
        Assert.Equal(410, expired.Status);
        Assert.Contains("expired", expired.Problem);
        Assert.False(await User(id, "bob").ExistsAsync());
        Assert.Equal(id, TenantIds.TenantOfInvitation(invited.Secret));
    }

    [Fact]
    public async Task The_last_owner_can_be_neither_demoted_nor_disabled_and_only_an_owner_makes_owners()
    {
        var (tenant, _) = await NewTenantAsync();
        await tenant.AddMemberAsync("boss", new NewMember("ada", null, Roles.Admin, Hash));

        var demoted = await tenant.UpdateMemberAsync("boss", "boss", new MemberPatch(Role: Roles.Admin));
        var disabled = await tenant.UpdateMemberAsync("boss", "boss", new MemberPatch(Disabled: true));
        var adminMakesOwner = await tenant.UpdateMemberAsync("ada", "ada", new MemberPatch(Role: Roles.Owner));
        var adminTouchesOwner = await tenant.UpdateMemberAsync("ada", "boss", new MemberPatch(Disabled: true));
        var promoted = await tenant.UpdateMemberAsync("boss", "ada", new MemberPatch(Role: Roles.Owner));
        var demotedNow = await tenant.UpdateMemberAsync("ada", "boss", new MemberPatch(Role: Roles.Member));

        Assert.Equal(409, demoted.Status);
        Assert.Equal(409, disabled.Status);
        Assert.Equal(403, adminMakesOwner.Status);
        Assert.Equal(403, adminTouchesOwner.Status);
        Assert.True(promoted.Succeeded);
        Assert.True(demotedNow.Succeeded);
        Assert.Equal([("ada", Roles.Owner), ("boss", Roles.Member)], (await tenant.ListMembersAsync()).Select(m => (m.Username, m.Role)));
    }

    [Fact]
    public async Task The_grain_refuses_members_whose_role_does_not_allow_managing_users()
    {
        var (tenant, _) = await NewTenantAsync();
        await tenant.AddMemberAsync("boss", new NewMember("mia", null, Roles.Member, Hash));

        var added = await tenant.AddMemberAsync("mia", new NewMember("eve", null, Roles.Admin, Hash));
        var invited = await tenant.InviteAsync("mia", "eve", null, Roles.Member, 24);
        var stranger = await tenant.UpdateMemberAsync("nobody", "mia", new MemberPatch(Role: Roles.Admin));

        Assert.All([added, invited, stranger], a => Assert.Equal(403, a.Status));
        Assert.Contains("manage users and invitations", added.Problem);
        Assert.DoesNotContain(await tenant.ListMembersAsync(), m => m.Username == "eve");
    }

    [Fact]
    public async Task Ten_failures_lock_the_account_for_fifteen_minutes_even_for_the_right_password()
    {
        var (_, id) = await NewTenantAsync();
        var boss = User(id, "boss");

        for (var i = 1; i < 10; i++)
        {
            Assert.Equal(SignInStatus.Invalid, (await boss.SignInAsync("wrong-password-" + i, null)).Status);
        }

        var tenth = await boss.SignInAsync("wrong-password-10", null);
        var rightButLocked = await boss.SignInAsync(Password, null);
        fixture.Time.Advance(TimeSpan.FromMinutes(15));
        var afterLockout = await boss.SignInAsync(Password, null);

        Assert.Equal(SignInStatus.LockedOut, tenth.Status);
        Assert.Equal(SignInStatus.LockedOut, rightButLocked.Status);
        Assert.InRange(rightButLocked.RetryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal(SignInStatus.SignedIn, afterLockout.Status);
    }

    [Fact]
    public async Task A_reset_password_must_be_replaced_at_next_sign_in_and_ends_earlier_sessions()
    {
        var (tenant, id) = await NewTenantAsync();
        await tenant.AddMemberAsync("boss", new NewMember("ann", null, Roles.Member, Hash));
        var before = (await User(id, "ann").GetSessionAsync()).Version;

        Assert.True((await tenant.ResetPasswordAsync("boss", "ann", PasswordHasher.Hash("temporary-password-1"))).Succeeded);
        var withoutNew = await User(id, "ann").SignInAsync("temporary-password-1", null);
        var sameAgain = await User(id, "ann").SignInAsync("temporary-password-1", "temporary-password-1");
        var withNew = await User(id, "ann").SignInAsync("temporary-password-1", "chosen-by-ann-herself");

        Assert.Equal(SignInStatus.PasswordChangeRequired, withoutNew.Status);
        Assert.Equal(SignInStatus.NewPasswordRefused, sameAgain.Status);
        Assert.Equal(SignInStatus.SignedIn, withNew.Status);
        Assert.True(withNew.SessionVersion > before);
        Assert.True(await User(id, "ann").SignsInWithAsync("chosen-by-ann-herself"));
    }

    [Fact]
    public async Task A_refresh_token_rotates_once_and_replaying_a_spent_one_revokes_them_all()
    {
        var (_, id) = await NewTenantAsync();
        var boss = User(id, "boss");
        var expires = fixture.Time.GetUtcNow().AddDays(1);
        var first = await boss.IssueRefreshTokenAsync("hash-1", expires);

        var rotated = await boss.RotateRefreshTokenAsync(first, "hash-1", "hash-2", expires);
        var replayed = await boss.RotateRefreshTokenAsync(first, "hash-1", "hash-3", expires);
        var successorAfterReplay = await boss.RotateRefreshTokenAsync(rotated!.NextId, "hash-2", "hash-4", expires);

        Assert.NotNull(rotated);
        Assert.Null(replayed);
        Assert.Null(successorAfterReplay);
    }
}
