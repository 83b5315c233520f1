using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sophia.Integrations;
using Sophia.Integrations.WebSearch;
using Sophia.Silo.Hosting;

namespace Sophia.Tests.Integrations.WebSearch;

/// <summary>What <c>web_search</c> answers a model through SearXNG's and Brave's search APIs, and what an admin is told when they refuse.</summary>
public sealed class WebSearchIntegrationTests
{
    private static readonly Dictionary<string, SearxngServer.Result[]> SearxngResults = new()
    {
        ["orleans grains"] = [
            new("Grains - Microsoft Orleans", "https://learn.example.com/orleans/grains", "Grains are the building blocks of an Orleans application."),
            new("Orleans on GitHub", "https://github.example.com/dotnet/orleans", "Cloud Native application framework for .NET."),
            new("Virtual actors", "https://research.example.com/orleans", "The virtual actor model &amp; its guarantees."),
        ],
    };

    private static readonly Dictionary<string, BraveSearchServer.Result[]> BraveResults = new()
    {
        ["orleans grains"] = [
            new("Grains - Microsoft Orleans", "https://learn.example.com/orleans/grains", "Orleans grains are virtual actors."),
            new("Orleans on GitHub", "https://github.example.com/dotnet/orleans", "The Orleans framework."),
        ],
    };

    private readonly WebSearchIntegration _provider = new(GuardedClients(WebPageServer.Host));

    [Fact]
    public async Task Searxng_results_come_numbered_with_their_urls_and_an_instruction_to_cite_them()
    {
        await using var searxng = await SearxngServer.StartAsync(SearxngResults);
        using var session = Session(new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl });

        var answer = await _provider.CallAsync(session.Session, "web_search", new JsonObject { ["query"] = "orleans grains", ["count"] = 2 }, default);

        Assert.Contains("[1] Grains - Microsoft Orleans — https://learn.example.com/orleans/grains\nGrains are the building blocks of an Orleans application.", answer);
        Assert.Contains("[2] Orleans on GitHub — https://github.example.com/dotnet/orleans", answer);
        Assert.DoesNotContain("[3]", answer);
        Assert.Contains("Cite a result you use as [n] with its URL.", answer);
        Assert.Equal(["orleans grains"], searxng.Queries);
    }

    [Fact]
    public async Task A_searxng_instance_with_json_disabled_is_refused_saying_how_to_enable_it()
    {
        await using var searxng = await SearxngServer.StartAsync(SearxngResults, formats: ["html"]);
        using var session = Session(new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl });

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _provider.CheckAsync(session.Session, default));

        Assert.Contains($"The SearXNG instance at {searxng.BaseUrl}", refusal.Message);
        Assert.Contains("403 Forbidden: its JSON format is disabled", refusal.Message);
        Assert.Contains("search.formats", refusal.Message);
    }

    [Fact]
    public async Task A_searxng_instance_behind_a_key_gets_the_key_and_refuses_without_it()
    {
        await using var searxng = await SearxngServer.StartAsync(SearxngResults, bearerKey: "proxy-key-1");
        using var keyed = Session(new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl, ["apiKey"] = "proxy-key-1" });
        using var keyless = Session(new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl });

        await _provider.CheckAsync(keyed.Session, default);
        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _provider.CheckAsync(keyless.Session, default));

        Assert.Contains("401 Unauthorized", refusal.Message);
    }

    [Fact]
    public async Task No_results_say_so_and_name_the_engines_that_did_not_answer()
    {
        await using var searxng = await SearxngServer.StartAsync(SearxngResults);
        using var session = Session(new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl });

        var answer = await _provider.CallAsync(session.Session, "web_search", new JsonObject { ["query"] = "nothing like this" }, default);

        Assert.StartsWith("No web results for \"nothing like this\" from SearXNG.", answer);
        Assert.Contains("google (timeout)", answer);
    }

    [Fact]
    public async Task Brave_results_come_numbered_as_plain_text_with_their_urls()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        await using var brave = await BraveSearchServer.StartAsync("brave-token-1", BraveResults, time);
        using var session = Session(new JsonObject { ["provider"] = "brave", ["baseUrl"] = brave.BaseUrl, ["apiKey"] = "brave-token-1" }, time);

        var answer = await _provider.CallAsync(session.Session, "web_search", new JsonObject { ["query"] = "orleans grains", ["count"] = 3 }, default);

        Assert.Contains("[1] Grains - Microsoft Orleans — https://learn.example.com/orleans/grains\nOrleans grains are virtual actors.", answer);
        Assert.Contains("[2] Orleans on GitHub — https://github.example.com/dotnet/orleans", answer);
        Assert.Contains("Cite a result you use as [n] with its URL.", answer);
        Assert.Contains("count=3", Assert.Single(brave.Requests));
        Assert.Equal(BraveSearchServer.MonthlyQuota - 1, session.RateBudget?.Remaining);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), session.RateBudget?.ResetsAt);
    }

    [Fact]
    public async Task A_wrong_brave_key_is_refused_without_repeating_the_key()
    {
        await using var brave = await BraveSearchServer.StartAsync("brave-token-1", BraveResults, TimeProvider.System);
        using var session = Session(new JsonObject { ["provider"] = "brave", ["baseUrl"] = brave.BaseUrl, ["apiKey"] = "not-the-token" });

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => _provider.CheckAsync(session.Session, default));

        Assert.Contains("Brave Search refused the API key (HTTP 422 SUBSCRIPTION_TOKEN_INVALID: The provided subscription token is invalid.)", refusal.Message);
        Assert.DoesNotContain("not-the-token", refusal.Message);
    }

    [Fact]
    public async Task A_second_brave_search_in_the_same_second_says_the_plan_limit_was_reached()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        await using var brave = await BraveSearchServer.StartAsync("brave-token-1", BraveResults, time);
        using var session = Session(new JsonObject { ["provider"] = "brave", ["baseUrl"] = brave.BaseUrl, ["apiKey"] = "brave-token-1" }, time);

        await _provider.CallAsync(session.Session, "web_search", new JsonObject { ["query"] = "orleans grains" }, default);
        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() =>
            _provider.CallAsync(session.Session, "web_search", new JsonObject { ["query"] = "orleans grains" }, default));
        time.Advance(TimeSpan.FromSeconds(1));
        var later = await _provider.CallAsync(session.Session, "web_search", new JsonObject { ["query"] = "orleans grains" }, default);

        Assert.Contains("Brave Search's rate limit for this plan was reached (HTTP 429 RATE_LIMITED", refusal.Message);
        Assert.Contains("It allows another request in 1 s.", refusal.Message);
        Assert.Contains("[1] Grains", later);
    }

    [Fact]
    public async Task Read_adds_the_text_of_the_top_pages_read_through_the_guarded_client()
    {
        await using var pages = await WebPageServer.StartAsync(new Dictionary<string, string>
        {
            ["grains"] = "<html><body><h1>Grains</h1><p>A grain has an identity, behaviour and state.</p><script>x()</script></body></html>",
        });
        var results = new Dictionary<string, SearxngServer.Result[]> { ["grains"] = [new("Grains", pages.UrlOf("grains"), "About grains.")] };
        await using var searxng = await SearxngServer.StartAsync(results);
        using var session = Session(new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl });

        var answer = await _provider.CallAsync(session.Session, "web_search", new JsonObject { ["query"] = "grains", ["read"] = true }, default);

        Assert.Contains($"[1] Grains — {pages.UrlOf("grains")}", answer);
        Assert.Contains($"Text of the top results:\n\n[1] {pages.UrlOf("grains")}\nGrains A grain has an identity, behaviour and state.", answer);
        Assert.Equal(1, pages.Reads["grains"]);
    }

    [Fact]
    public async Task Read_pages_still_refuse_internal_addresses_the_operator_did_not_allow()
    {
        var provider = new WebSearchIntegration(GuardedClients(allowed: null));
        var results = new Dictionary<string, SearxngServer.Result[]> { ["intranet"] = [new("Metadata", "http://169.254.169.254/latest/meta-data/", "")] };
        await using var searxng = await SearxngServer.StartAsync(results);
        using var session = Session(new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl });

        var answer = await provider.CallAsync(session.Session, "web_search", new JsonObject { ["query"] = "intranet", ["read"] = true }, default);

        Assert.Contains("Sophia does not read link-local addresses", answer);
    }

    [Theory]
    [InlineData("""{"provider":"bing"}""", "provider 'bing' is not supported")]
    [InlineData("""{"provider":"brave"}""", "apiKey is required for Brave Search")]
    [InlineData("""{"provider":"searxng"}""", "baseUrl is required for SearXNG")]
    [InlineData("""{"provider":"searxng","baseUrl":"ftp://x"}""", "baseUrl 'ftp://x' is not an absolute http or https URL")]
    [InlineData("""{"provider":"searxng","baseUrl":"https://s.example.com","apiKey":7}""", "apiKey must be a string")]
    public void Bad_settings_are_refused_saying_what_to_fix(string body, string refusal)
    {
        var error = Assert.Throws<IntegrationRefusedException>(() => _provider.Parse(JsonNode.Parse(body)!.AsObject()));

        Assert.Contains(refusal, error.Message);
    }

    [Fact]
    public async Task The_key_is_kept_as_a_secret_and_the_tool_needs_no_approval()
    {
        var parsed = _provider.Parse(new JsonObject { ["provider"] = "brave", ["apiKey"] = "brave-token-1" });
        using var session = new ProviderSession(IntegrationNames.WebSearch, parsed);

        var tool = Assert.Single(await _provider.ToolsAsync(session.Session, default));

        Assert.DoesNotContain("brave-token-1", parsed.Settings.ToJsonString());
        Assert.Equal("https://api.search.brave.com", parsed.Settings["baseUrl"]!.GetValue<string>());
        Assert.Equal("brave-token-1", parsed.Secrets["apiKey"]);
        Assert.Equal(("web_search", false), (tool.Name, tool.Risky));
        Assert.Contains("\"query\"", tool.InputSchema);
    }

    private ProviderSession Session(JsonObject body, TimeProvider? time = null) => new(IntegrationNames.WebSearch, _provider.Parse(body), time);

    private static IHttpClientFactory GuardedClients(string? allowed)
    {
        var settings = new Dictionary<string, string?>();
        if (allowed is not null)
        {
            settings["Sophia:Tools:Web:AllowedHosts:0"] = allowed;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddGuardedHttp(configuration).BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    }
}
