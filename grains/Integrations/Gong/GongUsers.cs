namespace Sophia.Integrations.Gong;

/// <summary>
/// The company's Gong users by id, read once (all pages of <c>GET /v2/users</c>, the cursor in the query) when a call's
/// party names a user but not the person's name.
/// </summary>
internal sealed class GongUsers(GongApi api)
{
    private Dictionary<string, string>? _names;

    public async Task<string?> NameOfAsync(string userId, CancellationToken cancellationToken)
    {
        _names ??= await LoadAsync(cancellationToken);
        return _names.GetValueOrDefault(userId);
    }

    /// <summary>Each speaker's name in this call: the party's name, else its Gong user's, else its email address.</summary>
    public async Task<Dictionary<string, string>> SpeakersAsync(GongCall call, CancellationToken cancellationToken)
    {
        var speakers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var party in call.Parties ?? [])
        {
            if (party.SpeakerId is { } speaker)
            {
                speakers[speaker] = await NameAsync(party, cancellationToken) ?? $"Speaker {speaker}";
            }
        }

        return speakers;
    }

    public async Task<string?> NameAsync(GongParty party, CancellationToken cancellationToken) =>
        GongText.OrNull(party.Name)
        ?? (party.UserId is { } user ? await NameOfAsync(user, cancellationToken) : null)
        ?? GongText.OrNull(party.EmailAddress);

    private async Task<Dictionary<string, string>> LoadAsync(CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var path = cursor is null ? "v2/users" : $"v2/users?cursor={Uri.EscapeDataString(cursor)}";
            var page = await api.GetAsync<GongUsersPage>(path, "listing the company's users (GET /v2/users)", cancellationToken);
            foreach (var user in page.Users ?? [])
            {
                var name = $"{user.FirstName} {user.LastName}".Trim();
                names[user.Id] = name.Length > 0 ? name : user.EmailAddress ?? user.Id;
            }

            cursor = page.Records?.Cursor;
        }
        while (cursor is not null);
        return names;
    }
}
