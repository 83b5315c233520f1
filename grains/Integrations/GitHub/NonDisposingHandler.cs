namespace Sophia.Integrations.GitHub;

/// <summary>Lends the grain's handler to a client that disposes its handlers (Octokit's), without letting it dispose the grain's.</summary>
internal sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override void Dispose(bool disposing)
    {
    }
}
