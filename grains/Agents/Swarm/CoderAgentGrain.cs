using Microsoft.Extensions.Options;
using Sophia.Agents.Tools;
using Sophia.Audit;
using Sophia.Integrations;

namespace Sophia.Agents.Swarm;

/// <summary>The swarm's coder: writes code and data transformations, delivers results.</summary>
public sealed class CoderAgentGrain(ChatModel model, TimeProvider time, IHttpClientFactory http, IOptions<ToolOptions> toolOptions, AuditRecorder audit, TenantToolCache tenantTools)
    : SpecialistAgentGrain(model, time, http, toolOptions, audit, tenantTools), ICoderAgentGrain
{
    protected override SwarmRole Role => SwarmRoles.Coder;
}
