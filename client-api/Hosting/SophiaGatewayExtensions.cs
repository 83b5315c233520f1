using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR;
using Sophia.ClientApi.Agents;
using Sophia.ClientApi.Audit;
using Sophia.ClientApi.Automation;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.ClientApi.Health;
using Sophia.ClientApi.Integrations;
using Sophia.ClientApi.Mcp;
using Sophia.ClientApi.Memory;
using Sophia.ClientApi.OpenAi;
using Sophia.ClientApi.Projects;
using Sophia.ClientApi.RateLimits;
using Sophia.ClientApi.Ops;
using Sophia.ClientApi.Quotas;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Sophia.Silo.Hosting;

namespace Sophia.ClientApi.Hosting;

/// <summary>Wires the gateway: a co-hosted silo (embedded profile), auth, the chat hub, REST, health and the web page.</summary>
public static class SophiaGatewayExtensions
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddSophiaGateway(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection("Sophia:Auth"))
            .ValidateDataAnnotations()
            .Validate(o => o.HasKeySource(), AuthOptions.MissingKey)
            .Validate(o => o.HasUsableKey(), AuthOptions.WeakKey)
            .ValidateOnStart();
        services.AddSingleton<ConversationAccess>();
        services.AddSingleton<AuditTrail>();
        services.AddOptions<OpenAiOptions>().Bind(builder.Configuration.GetSection("Sophia:OpenAi")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSophiaMemoryEndpoints(builder.Configuration);
        services.AddSophiaProjects();
        services.AddSingleton<ConversationWatcher>();
        services.AddSingleton<TurnReplies>();
        services.AddSophiaMcp(builder.Configuration);
        services.AddSophiaOpsEndpoints(builder.Configuration);
        var signalR = services.AddSignalR(o =>
        {
            // Room for a 32 KB message even when JSON escapes every character, so the limit check answers instead of a dropped connection.
            o.MaximumReceiveMessageSize = 8 * ChatLimits.MaxMessageBytes;
            o.AddFilter<SessionHubFilter>();
            o.AddFilter<RateLimitHubFilter>();
            o.AddFilter<HubErrorFilter>();
        });
        AllowOptionalHubArguments(services);
        builder.AddSophiaBackend(signalR);
        // Hosted services start in registration order: this one needs the silo or cluster client started first.
        services.AddHostedService<AdminBootstrapper>();
        builder.AddSophiaTelemetry("sophia-gateway", t => t.AddAspNetCoreInstrumentation(), m => m.AddAspNetCoreInstrumentation());
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<ClusterUnavailableHandler>();
        // Binding failures throw, so the handler above tells the caller what to fix instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddSophiaAuth(builder.Configuration);
        services.AddSophiaRateLimits(builder.Configuration);
        return builder;
    }

    public static WebApplication MapSophia(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseEmptyRefusalMessages();
        app.UseRequestEncodingCheck();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseMcpChallenge();
        app.UseAuthentication();
        app.UseCallerContext();
        app.UseCookieAntiforgery();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapHealthEndpoints();
        app.MapSophiaMetrics();
        app.MapOpsDashboard();
        app.MapAuthEndpoints();
        app.MapOidcEndpoints();
        app.MapMeEndpoints();
        app.MapUserEndpoints();
        app.MapQuotaEndpoints();
        app.MapInvitationEndpoints();
        app.MapTenantEndpoints();
        app.MapConversationEndpoints();
        app.MapOpenAiEndpoints();
        app.MapAgentEndpoints();
        app.MapAgentTestEndpoints();
        app.MapApiKeyEndpoints();
        app.MapMemoryEndpoints();
        app.MapProjectEndpoints();
        app.MapGpuOpsEndpoints();
        app.MapClusterOpsEndpoints();
        app.MapSiloOpsEndpoints();
        app.MapAuditEndpoints();
        app.MapIntegrationEndpoints();
        app.MapConsentEndpoints();
        app.MapScheduleEndpoints();
        app.MapHookEndpoints();
        app.MapWebhookEndpoints();
        app.MapSophiaMcp();
        app.MapHub<ChatHub>("/hubs/chat");
        // An invitation link opens the page itself, which reads the token from the address.
        app.MapGet("/invite/{token}", () => Results.File("index.html", "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static void AllowOptionalHubArguments(IServiceCollection services)
    {
        var defaults = OptionalArgumentsProtocol.DefaultsOf(typeof(ChatHub));
        foreach (var protocol in services.Where(d => d.ServiceType == typeof(IHubProtocol)).ToList())
        {
            services.Remove(protocol);
            services.AddSingleton<IHubProtocol>(sp => new OptionalArgumentsProtocol((IHubProtocol)ActivatorUtilities.CreateInstance(sp, protocol.ImplementationType!), defaults));
        }
    }
}
