using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sophia.Telemetry;

namespace Sophia.Silo.Hosting;

/// <summary>
/// Traces and metrics of every Sophia process, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; metrics are
/// also served for Prometheus at <c>/metrics</c> (<see cref="MapSophiaMetrics"/>).
/// </summary>
public static class SophiaTelemetryExtensions
{
    public static IHostApplicationBuilder AddSophiaTelemetry(
        this IHostApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder>? tracing = null, Action<MeterProviderBuilder>? metrics = null)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m =>
            {
                m.AddMeter(SophiaDiagnostics.Name, "Microsoft.Orleans").AddHttpClientInstrumentation().AddPrometheusExporter();
                metrics?.Invoke(m);
            });
        // Spans are recorded only where they are exported: every grain call would otherwise make one for nobody.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(t =>
            {
                t.AddSource(SophiaDiagnostics.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application").AddHttpClientInstrumentation();
                tracing?.Invoke(t);
            });
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus' text format, read without signing in as scrapers do: its labels name tenants,
    /// models, tools and regions, never a user or an error's text.
    /// </summary>
    public static IEndpointConventionBuilder MapSophiaMetrics(this IEndpointRouteBuilder routes) =>
        routes.MapPrometheusScrapingEndpoint().AllowAnonymous().ShortCircuit();
}
