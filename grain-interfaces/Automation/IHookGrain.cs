namespace Sophia.Automation;

/// <summary>One incoming webhook of a tenant (key <c>tenant/hookName</c>): checks each delivery's signature and starts a run.</summary>
[Alias("sophia.IHookGrain")]
public interface IHookGrain : IGrainWithStringKey
{
    /// <summary>Creates the hook, posting into <paramref name="conversationId"/> as <paramref name="owner"/>; returns its secret once.</summary>
    [Alias("Create")]
    Task<CreatedHook> CreateAsync(string owner, string conversationId, string? prompt);

    /// <summary>The hook, or null when there is none.</summary>
    [Alias("Get"), ReadOnly]
    Task<HookInfo?> GetAsync();

    /// <summary>Verifies a delivery (signature, age, replay) and, when it passes, posts it into the hook's conversation.</summary>
    [Alias("Receive")]
    Task<HookOutcome> ReceiveAsync(SignedDelivery delivery);

    /// <summary>Removes the hook; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
