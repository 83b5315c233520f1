using Sophia.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Sophia.ClientApi.Auth;

namespace Sophia.ClientApi.Chat;

/// <summary>The chat hub at <c>/hubs/chat</c>; see README for the contract.</summary>
[Authorize(Policy = ChatPolicy)]
public sealed class ChatHub(ConversationAccess conversations, ConversationWatcher watcher) : Hub
{
    private const string ChatPolicy = "permission:" + nameof(Permission.Chat);

    private Caller Caller => Caller.From(Context.User!);

    public async Task<string> CreateConversation(string? title) =>
        (await conversations.CreateAsync(Caller, title)).Id;

    /// <summary>
    /// Returns the message's sequence number once it is durable: that is the acknowledgement. A resend with the same
    /// <paramref name="requestId"/> (e.g. after a reconnect) appends nothing and returns the first send's number.
    /// </summary>
    public Task<long> SendMessage(string conversationId, string text, string? requestId = null) =>
        conversations.SendAsync(Caller, conversationId, text, requestId);

    /// <summary>What a new message does while an answer runs: <c>enqueue</c> (default), <c>reject</c> or <c>interrupt</c>.</summary>
    public async Task<string> SetPolicy(string conversationId, string policy) =>
        (await conversations.SetPolicyAsync(Caller, conversationId, policy)).Policy;

    /// <summary>Gives the conversation a new title; returns it as stored.</summary>
    public async Task<string> Rename(string conversationId, string title) =>
        (await conversations.RenameAsync(Caller, conversationId, title)).Title;

    /// <summary>Stops the answer that is running, keeping what it wrote so far; false when none was running.</summary>
    public Task<bool> Stop(string conversationId) => conversations.StopAsync(Caller, conversationId);

    /// <summary>Approves or refuses the tool call an <c>approval</c> step asked about; the paused turn then resumes.</summary>
    public Task Approve(string conversationId, string approvalId, bool approved, string? comment) =>
        conversations.ApproveAsync(Caller, conversationId, approvalId, approved, comment);

    /// <summary>Events after <paramref name="afterSeq"/>: history first, then live, each exactly once.</summary>
    public async Task<IAsyncEnumerable<ChatEvent>> Watch(string conversationId, long afterSeq, CancellationToken cancellationToken)
    {
        var caller = Caller;
        var conversation = await conversations.OpenAsync(caller, conversationId);
        // SignalR enumerates the stream after this call returns, outside the invocation's flow: it carries the caller itself.
        return CallerContext.Flow(new CallerIdentity(caller.Tenant, caller.User), watcher.WatchAsync(conversation, caller.User, afterSeq, cancellationToken));
    }
}
