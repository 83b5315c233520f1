using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Sophia.Tests.Backups;

/// <summary>One overlay of infra/k8s as <c>kubectl kustomize</c> renders it, with the lookups the manifest test asks.</summary>
public sealed class RenderedManifests
{
    private RenderedManifests(string yaml, List<YamlMappingNode> objects) => (Yaml, Objects) = (yaml, objects);

    public string Yaml { get; }

    public List<YamlMappingNode> Objects { get; }

    public static async Task<RenderedManifests> RenderAsync(string overlay)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", overlay]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await Within.Wait(process.WaitForExitAsync().ContinueWith(_ => 0), $"kubectl kustomize {overlay}");
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} exited {process.ExitCode}: {await error}");
        var stream = new YamlStream();
        stream.Load(new StringReader(await output));
        return new RenderedManifests(await output, stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList());
    }

    public YamlMappingNode Object(string kind, string name) =>
        Objects.SingleOrDefault(o => Text(o, "kind") == kind && Text(o, "metadata", "name") == name)
        ?? Objects.SingleOrDefault(o => Text(o, "kind") == kind && Text(o, "metadata", "name")!.StartsWith(name + "-", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no {kind} {name} in the rendered overlay");

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => Text(o, "kind") == kind);

    /// <summary>The first container of a workload's pod template (a CronJob's through its job template).</summary>
    public static YamlMappingNode Container(YamlMappingNode workload)
    {
        var spec = Node(workload, "spec");
        var template = spec.Children.ContainsKey("jobTemplate") ? Node(Node(spec, "jobTemplate"), "spec", "template") : Node(spec, "template");
        return (YamlMappingNode)((YamlSequenceNode)Node(template, "spec").Children["containers"]).Children[0];
    }

    public static IEnumerable<YamlMappingNode> Env(YamlMappingNode container) =>
        container.Children.TryGetValue("env", out var env) ? ((YamlSequenceNode)env).Children.Cast<YamlMappingNode>() : [];

    public static YamlMappingNode Node(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => n.Children.TryGetValue(key, out var child) ? (YamlMappingNode)child : throw new Xunit.Sdk.XunitException($"missing {key} in {string.Join('.', path)}"));

    public static string? Text(YamlMappingNode node, params string[] path)
    {
        var parent = path.Length == 1 ? node : Node(node, path[..^1]);
        return parent.Children.TryGetValue(path[^1], out var value) ? ((YamlScalarNode)value).Value : null;
    }
}
