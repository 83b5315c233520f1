using System.Diagnostics;
using System.Text.RegularExpressions;
using Sophia.Tests.Cluster;
using YamlDotNet.RepresentationModel;
using static Sophia.Tests.Backups.RenderedManifests;

namespace Sophia.Tests.Backups;

public sealed partial class KubernetesManifestTests
{
    [Theory]
    [InlineData("west")]
    [InlineData("east")]
    public async Task Each_region_renders_drainable_silos_and_gateways_on_its_own_Redis_and_PostgreSQL_with_secrets_by_reference(string region)
    {
        var rendered = await RenderAsync(Path.Combine(RepoPaths.Root, "infra", "k8s", "overlays", region));

        var settings = Node(rendered.Object("ConfigMap", "sophia-region"), "data");
        Assert.Equal(region, Text(settings, "region"));
        Assert.Equal($"redis.{region}.internal", Text(settings, "redis-host"));
        Assert.Equal($"postgres.{region}.internal", Text(settings, "postgres-host"));
        Assert.All(rendered.Objects.Where(o => Text(o, "kind") != "Namespace"), o => Assert.Equal($"sophia-{region}", Text(o, "metadata", "namespace")));

        var silo = rendered.Object("Deployment", "sophia-silo");
        var gateway = rendered.Object("Deployment", "sophia-gateway");
        var siloEnv = Env(Container(silo)).ToList();
        Assert.Equal("true", Value(siloEnv, "Sophia__Cluster__Kubernetes"));
        Assert.Equal("region", Text(Node(siloEnv.Single(e => Text(e, "name") == "Orleans__Metadata__region"), "valueFrom", "configMapKeyRef"), "key"));
        Assert.Equal(["metadata.name", "metadata.namespace", "status.podIP"],
            new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP" }.Select(v => Text(Node(siloEnv.Single(e => Text(e, "name") == v), "valueFrom", "fieldRef"), "fieldPath")));
        var role = rendered.Object("Role", "sophia-silo-pods").Children["rules"].ToString();
        Assert.Contains("delete", role);
        Assert.Contains("watch", role);

        var probes = Container(gateway);
        Assert.Equal("/healthz", Text(probes, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", Text(probes, "readinessProbe", "httpGet", "path"));
        foreach (var workload in new[] { silo, gateway })
        {
            var drain = int.Parse(Value(Env(Container(workload)), "DOTNET_shutdownTimeoutSeconds")!);
            var grace = int.Parse(Text(workload, "spec", "template", "spec", "terminationGracePeriodSeconds")!);
            Assert.True(grace > drain, $"{Text(workload, "metadata", "name")}: grace period {grace} s is not longer than the drain {drain} s");
            var app = Text(workload, "spec", "template", "metadata", "labels", "app.kubernetes.io/name");
            Assert.Contains(rendered.OfKind("PodDisruptionBudget"), pdb => Text(pdb, "spec", "selector", "matchLabels", "app.kubernetes.io/name") == app);
        }

        Assert.Contains("migrate", Node(rendered.Object("Job", "sophia-migrate"), "spec").ToString());
        Assert.Equal(["full", "incr"], rendered.OfKind("CronJob").Select(c => ((YamlSequenceNode)Container(c).Children["command"]).Children[^1].ToString()).Order());

        // Secrets only by name: no Secret object, no literal password or key in any environment variable.
        Assert.Empty(rendered.OfKind("Secret"));
        var everyEnv = rendered.Objects.Where(o => Text(o, "kind") is "Deployment" or "Job" or "CronJob").SelectMany(w => Env(Container(w))).ToList();
        Assert.All(everyEnv.Where(e => SecretName().IsMatch(Text(e, "name")!)), e => Node(e, "valueFrom", "secretKeyRef"));
        Assert.All(everyEnv.Select(e => Text(e, "value")).OfType<string>(), v => Assert.DoesNotMatch(@"(?i)password=(?!\$\()", v));

        await SiloOutsideAPodRefusesKubernetesHosting(siloEnv);
    }

    /// <summary>The silo asks for exactly the pod variables the manifest gives it, in one line, before anything else starts.</summary>
    private static async Task SiloOutsideAPodRefusesKubernetesHosting(List<YamlMappingNode> manifestEnv)
    {
        var start = new ProcessStartInfo("dotnet", [RepoPaths.SiloDll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Sophia__Profile"] = "cluster";
        start.Environment["Sophia__Cluster__Kubernetes"] = Value(manifestEnv, "Sophia__Cluster__Kubernetes");
        foreach (var variable in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP" })
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await Within.Wait(process.WaitForExitAsync().ContinueWith(_ => 0), "the silo to refuse Kubernetes hosting outside a pod");
        Assert.True(process.ExitCode == 1, await output + error);
        Assert.Contains("POD_NAME, POD_NAMESPACE, POD_IP", error.Trim());
    }

    private static string? Value(IEnumerable<YamlMappingNode> env, string name) => Text(env.Single(e => Text(e, "name") == name), "value");

    [GeneratedRegex("(?i)password|secret|signingkey|apikey|s3_key")]
    private static partial Regex SecretName();
}
