namespace Sophia.Audit;

/// <summary>
/// L3's append-only audit log: entries are inserted and read, never changed; only retention removes them, and only
/// those older than its cutoff. Every read names its tenant and sees only that tenant's rows (in PostgreSQL enforced by
/// row-level security); retention is the one operation across tenants.
/// </summary>
public interface IAuditStore
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>One page of the tenant's entries, ordered by id: newest first, or oldest first when the query reads forward.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(string tenant, AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Removes every tenant's entries recorded before <paramref name="before"/>; returns how many went.</summary>
    Task<long> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
