using Microsoft.Extensions.Options;
using Sophia.Agents.Tools;
using Sophia.Audit;
using Sophia.Integrations;

namespace Sophia.Agents.Swarm;

/// <summary>The swarm's researcher: reads pages, searches the conversation, reports facts with their sources.</summary>
public sealed class ResearcherAgentGrain(ChatModel model, TimeProvider time, IHttpClientFactory http, IOptions<ToolOptions> toolOptions, AuditRecorder audit, TenantToolCache tenantTools)
    : SpecialistAgentGrain(model, time, http, toolOptions, audit, tenantTools), IResearcherAgentGrain
{
    protected override SwarmRole Role => SwarmRoles.Researcher;
}
