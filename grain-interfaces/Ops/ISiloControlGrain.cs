namespace Sophia.Ops;

/// <summary>
/// One silo's own controls, activated on that silo: the key is the silo's address as
/// <see cref="SiloAddress.ToParsableString"/> writes it, and a placement of its own puts the activation there.
/// </summary>
[Alias("sophia.ISiloControlGrain")]
public interface ISiloControlGrain : IGrainWithStringKey
{
    /// <summary>Starts this silo's graceful shutdown, as SIGTERM does: its activations leave and the process exits.</summary>
    [Alias("Drain")]
    Task DrainAsync();
}
