namespace Sophia.Gpu.Lambda;

/// <summary>The cloud-init user data of a launch: the configured bootstrap script, told which port the worker serves.</summary>
public static class LambdaUserData
{
    public const string PortVariable = "SOPHIA_WORKER_PORT";
    public const string ApiKeyVariable = "SOPHIA_WORKER_API_KEY";

    /// <summary>The script with the worker's port (and key) set right after its first (shebang) line; null without a script.</summary>
    public static string? Build(LambdaCloudOptions options, int workerPort, string? workerApiKey)
    {
        if (string.IsNullOrEmpty(options.BootstrapScriptFile))
        {
            return null;
        }

        var script = File.ReadAllText(options.BootstrapScriptFile).ReplaceLineEndings("\n");
        var firstLineEnd = script.IndexOf('\n');
        var assignment = $"{PortVariable}={workerPort}\n" + (workerApiKey is null ? "" : $"{ApiKeyVariable}={workerApiKey}\n");
        return script.StartsWith("#!", StringComparison.Ordinal) && firstLineEnd >= 0
            ? script[..(firstLineEnd + 1)] + assignment + script[(firstLineEnd + 1)..]
            : assignment + script;
    }
}
