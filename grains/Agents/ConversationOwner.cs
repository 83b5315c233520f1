using Sophia.Chat;
using Sophia.Tenancy;

namespace Sophia.Agents;

/// <summary>The user a conversation belongs to, whose quotas its turns spend: asked once, since it never changes.</summary>
public sealed class ConversationOwner(IGrainFactory grains, IConversationGrain conversation)
{
    private IUserGrain? _user;

    public async ValueTask<IUserGrain> UserAsync() =>
        _user ??= grains.GetGrain<IUserGrain>(GrainKeys.Of(GrainKeys.Split(conversation.GetPrimaryKeyString()).Tenant, await conversation.GetOwnerAsync()));
}
