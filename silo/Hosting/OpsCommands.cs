using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sophia.Ops;
using Sophia.Tenancy;

namespace Sophia.Silo.Hosting;

/// <summary>
/// <c>silo ops regions | silos [REGION] | drain SILO</c>: an operator's view of the cluster and its drain, run as an
/// Orleans client with the silos' own settings (Redis, the cluster's ids and its TLS certificate).
/// </summary>
public static class OpsCommands
{
    private const string Usage = "usage: ops regions | ops silos [REGION] | ops drain SILO (a silo's name or address, as ops silos lists them)";

    // The certificate is what admits this process to the cluster, so it acts as an operator, as a gateway does for one.
    private static readonly CallerIdentity Operator = new("operator", "command-line", Operator: true);

    public static async Task<int> RunAsync(string[] args)
    {
        var words = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (words is not (["regions"] or ["silos"] or ["silos", _] or ["drain", _]))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder([.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal))]);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        try
        {
            if (SophiaProfiles.Of(builder.Configuration) != SophiaProfile.Cluster)
            {
                await Console.Error.WriteLineAsync("ops needs the cluster's settings (Sophia__Profile=cluster, ConnectionStrings__redis, Sophia__Cluster__Tls__*), as a silo has them; embedded Sophia has one silo inside its gateway.");
                return 2;
            }

            builder.UseOrleansClient(client => client.UseSophiaCluster(builder.Configuration));
            using var host = builder.Build();
            await host.StartAsync();
            using var asOperator = CallerContext.Enter(Operator);
            var view = host.Services.GetRequiredService<IClusterClient>().GetGrain<IClusterViewGrain>(0);
            var code = words switch
            {
                ["regions"] => PrintRegions(await view.GetAsync()),
                ["silos", ..] => PrintSilos(await view.GetAsync(), words.ElementAtOrDefault(1)),
                _ => PrintDrain(await view.DrainAsync(words[1]), words[1]),
            };
            await host.StopAsync();
            return code;
        }
        catch (Exception ex) when (SophiaHost.Describe(ex) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem);
            return SophiaHost.MisconfiguredExitCode;
        }
        catch (Exception ex) when (ex is OrleansException or SiloUnavailableException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"ops could not reach the cluster: {ex.Message}");
            return 1;
        }
    }

    private static int PrintRegions(ClusterView view)
    {
        Console.WriteLine($"{"REGION",-16} {"ACTIVE",6} {"SILOS",5}");
        foreach (var region in view.Regions())
        {
            Console.WriteLine($"{NameOf(region.Region),-16} {region.Active,6} {region.Silos.Count,5}");
        }

        return 0;
    }

    private static int PrintSilos(ClusterView view, string? region)
    {
        var regions = view.Regions().Where(r => region is null || r.Region == region).ToList();
        if (regions.Count == 0)
        {
            Console.Error.WriteLine($"No silo is in region '{region}'.");
            return 1;
        }

        Console.WriteLine($"{"REGION",-16} {"SILO",-24} {"ADDRESS",-22} {"STATUS",-13} {"STARTED",-20} {"ACTIVATIONS",11}");
        foreach (var silo in regions.SelectMany(r => r.Silos))
        {
            Console.WriteLine($"{NameOf(silo.Region),-16} {silo.Name,-24} {silo.Address,-22} {silo.Status,-13} {silo.StartedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {silo.Activations,11}");
        }

        return 0;
    }

    private static int PrintDrain(DrainResult result, string asked)
    {
        var (line, code) = result.Outcome switch
        {
            DrainOutcome.Draining => ($"Draining {result.Silo!.Name} ({result.Silo.Address}): its activations move to the other silos, then it exits.", 0),
            DrainOutcome.NotFound => ($"No silo is named '{asked}': ops silos lists each silo's name and address.", 1),
            DrainOutcome.NotActive => ($"Silo {result.Silo!.Name} is {result.Silo.Status}, not active: there is nothing to drain.", 1),
            _ => ($"Silo {result.Silo!.Name} is the last active silo: draining it would stop the cluster. Start another silo first.", 1),
        };
        (code == 0 ? Console.Out : Console.Error).WriteLine(line);
        return code;
    }

    private static string NameOf(string? region) => string.IsNullOrEmpty(region) ? "(none)" : region;
}
