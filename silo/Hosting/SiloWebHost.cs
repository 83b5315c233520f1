using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Sophia.Silo.Health;

namespace Sophia.Silo.Hosting;

/// <summary>A silo process: the silo itself, and on <c>Sophia:Silo:HttpPort</c> its probes and <c>/metrics</c>.</summary>
public static class SiloWebHost
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSophiaSilo().AddSophiaTelemetry("sophia-silo");
        builder.Services.AddSophiaHealthChecks(builder.Configuration);
        var ports = builder.Configuration.GetSection("Sophia:Silo").Get<SiloPortOptions>() ?? new SiloPortOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(ports.HttpPort));
        var app = builder.Build();
        app.MapSiloProbes();
        app.MapSophiaMetrics();
        return app;
    }
}
