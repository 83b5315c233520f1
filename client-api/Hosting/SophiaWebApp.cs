namespace Sophia.ClientApi.Hosting;

/// <summary>Builds the whole gateway; used by Program and by the tests that start real servers.</summary>
public static class SophiaWebApp
{
    /// <param name="args">Command-line arguments, read as configuration.</param>
    /// <param name="configure">Changes to the services after Sophia registered its own, e.g. another <see cref="TimeProvider"/>.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configure = null)
    {
        // The page ships next to the binaries, so Sophia serves it whatever folder it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddSophiaGateway();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSophia();
        return app;
    }
}
