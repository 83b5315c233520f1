using Microsoft.Extensions.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Sophia.Silo.Hosting;

/// <summary>
/// <c>Sophia:Cluster:Kubernetes=true</c>: the silo runs in a pod and takes Orleans' Kubernetes hosting (silo name and
/// advertised address from the pod, pods of dead silos deleted, silos whose pod is gone declared dead).
/// </summary>
public static class KubernetesHosting
{
    public const string Setting = "Sophia:Cluster:Kubernetes";

    private static readonly string[] PodVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
    ];

    /// <summary>Whether the setting asks for it; refuses a value that is not a boolean, the embedded profile, and a pod without its variables.</summary>
    public static bool IsRequested(IConfiguration configuration, SophiaProfile profile)
    {
        var value = configuration[Setting];
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (!bool.TryParse(value, out var requested))
        {
            throw new SophiaConfigurationException($"{Setting} is '{value}'; use true (the silo runs in Kubernetes) or false.");
        }

        if (!requested)
        {
            return false;
        }

        if (profile != SophiaProfile.Cluster)
        {
            throw new SophiaConfigurationException($"{Setting}=true needs the cluster profile (Sophia:Profile=cluster).");
        }

        var missing = PodVariables.Where(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToList();
        if (missing.Count > 0)
        {
            throw new SophiaConfigurationException(
                $"{Setting}=true needs the pod's {string.Join(", ", missing)} environment variable(s), set from the downward API (metadata.name, metadata.namespace, status.podIP).");
        }

        return true;
    }
}
