namespace Sophia.Tests.Cluster;

/// <summary>Where the built silo and gateway live, for tests that run them as real processes.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever this test assembly was built as, so processes match the code under test.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string SiloDll => Built("silo", "Sophia.Silo.dll");

    public static string GatewayDll => Built("client-api", "Sophia.ClientApi.dll");

    public static string LoadGeneratorDll => Built(Path.Combine("tests", "Sophia.Load"), "Sophia.Load.dll");

    private static string Built(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; build the solution in {Configuration} first.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sophia.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Sophia.sln not found above the test binaries.");
    }
}
