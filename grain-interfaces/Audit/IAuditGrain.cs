using Sophia.Tenancy;

namespace Sophia.Audit;

/// <summary>A tenant's append-only audit log (key: the tenant), in L3; one activation per silo as needed.</summary>
[Alias("sophia.IAuditGrain"), KeyedByTenant]
public interface IAuditGrain : IGrainWithStringKey
{
    /// <summary>Appends one entry, stamped with a new id, this tenant and the silo's time; returns it once it is durable.</summary>
    [Alias("Record")]
    Task<AuditEntry> RecordAsync(AuditRecord record);

    /// <summary>One page of this tenant's entries, as <see cref="AuditQuery"/> describes.</summary>
    [Alias("Query"), ReadOnly]
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query);
}
