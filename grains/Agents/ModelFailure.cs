using System.ClientModel;

namespace Sophia.Agents;

/// <summary>Says in one sentence why a turn or a step failed (usually the model call), for the user; never includes credentials.</summary>
public static class ModelFailure
{
    public static string Describe(Exception exception) => exception switch
    {
        ClientResultException { Status: 429 } =>
            "The model provider kept rate-limiting Sophia (HTTP 429) through every retry. Try again in a minute.",
        ClientResultException { Status: >= 500 } e =>
            $"The model provider is failing (HTTP {e.Status}) and did not recover through the retries. Try again later.",
        ClientResultException { Status: > 0 } e =>
            $"The model provider refused the request (HTTP {e.Status}): {FirstLine(e.Message)}",
        ClientResultException or HttpRequestException or TaskCanceledException or TimeoutException =>
            $"The model endpoint could not be reached: {FirstLine(exception.Message)}",
        _ => $"Sophia failed while answering: {FirstLine(exception.Message)}",
    };

    /// <summary>The failure's kind as the turn error series label it: <c>model</c> when the model call failed, <c>internal</c> otherwise.</summary>
    public static string KindOf(Exception exception) =>
        exception is ClientResultException or HttpRequestException or TaskCanceledException or TimeoutException ? "model" : "internal";

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
