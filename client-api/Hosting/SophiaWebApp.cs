namespace Sophia.ClientApi.Hosting;

/// <summary>Builds the whole gateway; used by Program and by the tests that start real servers.</summary>
public static class SophiaWebApp
{
    public static WebApplication Create(string[] args)
    {
        // The page ships next to the binaries, so Sophia serves it whatever folder it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddSophiaGateway();
        var app = builder.Build();
        app.MapSophia();
        return app;
    }
}
