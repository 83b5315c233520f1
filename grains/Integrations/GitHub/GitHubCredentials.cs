using Octokit;
using Octokit.Internal;

namespace Sophia.Integrations.GitHub;

/// <summary>The credentials Octokit sends; set before each call (an installation token may have been refreshed).</summary>
internal sealed class GitHubCredentials(Credentials initial) : ICredentialStore
{
    private volatile Credentials _current = initial;

    public void Use(Credentials credentials) => _current = credentials;

    public Task<Credentials> GetCredentials() => Task.FromResult(_current);
}
