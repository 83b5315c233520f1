namespace Sophia.Tests.Browser.Dashboard;

/// <summary>The model's side of "/plan Tell the team what Pro costs": a researcher reads the pricing page, then the coder's webhook post waits for approval.</summary>
public static class PricingPlan
{
    public const string Request = "/plan Tell the team what Pro costs";

    public const string Answer = "The team now knows that Pro costs 42 EUR.";

    public static void Script(OpenAiCompatibleServer model, WebPageServer web)
    {
        model.Enqueue(Instant("""{"steps":[{"agent":"researcher","task":"Read the pricing page","tool":"read_web_page"},{"agent":"coder","task":"Post the price to the team","tool":"post_webhook"}]}"""));
        model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("read_web_page", $$"""{"url":"{{web.UrlOf("pricing")}}"}""") });
        model.Enqueue(Instant("Pro costs 42 EUR."));
        model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("post_webhook", """{"message":"Pro costs 42 EUR"}""") });
        model.Enqueue(Instant("Posted."));
        model.Enqueue(Instant(Answer));
    }

    public static Task<WebPageServer> StartPricingPageAsync() =>
        WebPageServer.StartAsync(new Dictionary<string, string> { ["pricing"] = "<p>Pro costs 42 EUR.</p>" });

    private static ScriptedReply Instant(string text) => new() { Tokens = [text], TokenDelay = TimeSpan.Zero };
}
