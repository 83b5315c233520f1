using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sophia.Silo.Hosting;

/// <summary>Runs a silo or gateway host; a setting it cannot start without is one line on stderr and exit code 1, not a stack trace.</summary>
public static class SophiaHost
{
    public const int MisconfiguredExitCode = 1;

    public static int Run(Func<IHost> build)
    {
        try
        {
            using var host = build();
            // Validated before Run, which would otherwise log the failure with its stack trace before rethrowing it.
            host.Services.GetService<IStartupValidator>()?.Validate();
            host.Run();
            return 0;
        }
        catch (Exception ex) when (Describe(ex) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return MisconfiguredExitCode;
        }
    }

    /// <summary>The one line that says what to set, or null when the exception is not about configuration.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        SophiaConfigurationException missing => missing.Message,
        AggregateException aggregate => DescribeAll(aggregate.InnerExceptions),
        _ => null,
    };

    private static string? DescribeAll(IEnumerable<Exception> exceptions)
    {
        var problems = exceptions.Select(Describe).ToList();
        return problems.Count > 0 && problems.All(p => p is not null) ? string.Join(" ", problems) : null;
    }
}
