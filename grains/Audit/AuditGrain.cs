using Orleans.Concurrency;

namespace Sophia.Audit;

/// <summary>A tenant's door to the audit store (key: the tenant): stamps each entry with its id, tenant and time.</summary>
[StatelessWorker, Reentrant]
public sealed class AuditGrain(IAuditStore store, TimeProvider time) : Grain, IAuditGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    public async Task<AuditEntry> RecordAsync(AuditRecord record)
    {
        var entry = AuditRules.Stamp(Tenant, record, time.GetUtcNow());
        await store.AppendAsync(entry);
        return entry;
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query)
    {
        AuditRules.CheckTenant(Tenant);
        return await store.QueryAsync(Tenant, AuditRules.Check(query));
    }
}
