using System.Collections.Concurrent;
using System.Globalization;

namespace Sophia.Tests.Integrations.Gong;

/// <summary>The company the local Gong holds: its users and its recorded calls, each with parties and a transcript.</summary>
public sealed class GongServerData
{
    private long _nextCallId = 7_782_342_274_025_937_000;

    public ConcurrentDictionary<string, GongUserData> Users { get; } = new();

    public ConcurrentDictionary<string, GongCallData> Calls { get; } = new();

    public GongUserData AddUser(string firstName, string lastName, string email)
    {
        var user = new GongUserData((234_599_484_848_423 + Users.Count).ToString(CultureInfo.InvariantCulture), firstName, lastName, email);
        Users[user.Id] = user;
        return user;
    }

    public GongCallData AddCall(string title, DateTimeOffset started, IReadOnlyList<GongPartyData> parties, IReadOnlyList<GongMonologueData> transcript, int durationSeconds = 1800)
    {
        var id = Interlocked.Increment(ref _nextCallId).ToString(CultureInfo.InvariantCulture);
        var call = new GongCallData(id, $"https://app.gong.io/call?id={id}", title, started, durationSeconds, parties, transcript);
        Calls[id] = call;
        return call;
    }

    /// <summary>
    /// <paramref name="count"/> calls a minute apart from <paramref name="from"/>: a rep (a Gong user, named only through
    /// <c>/v2/users</c>) and a customer speaking about pricing, then next steps.
    /// </summary>
    public IReadOnlyList<GongCallData> Seed(int count, DateTimeOffset from)
    {
        var rep = Users.Values.FirstOrDefault() ?? AddUser("Dana", "Reyes", "dana.reyes@sophia-sales.example");
        var calls = new List<GongCallData>();
        for (var i = 1; i <= count; i++)
        {
            var customer = $"Customer {i}";
            calls.Add(AddCall(
                $"Renewal with Account {i}",
                from.AddMinutes(i),
                [
                    new GongPartyData("p-rep", null, rep.Email, rep.Id, "s-rep", "Internal"),
                    new GongPartyData("p-customer", customer, $"buyer{i}@account{i}.example", null, "s-customer", "External"),
                ],
                [
                    new("s-rep", "Pricing", [$"Thanks for joining, Account {i}.", "Let us look at the renewal price."]),
                    new("s-customer", "Pricing", [$"Our budget for account {i} is tight this year."]),
                    new("s-rep", "Next Steps", ["I will send the revised quote by Friday."]),
                ]));
        }

        return calls;
    }
}

public sealed record GongUserData(string Id, string FirstName, string LastName, string Email);

/// <summary>A participant: <paramref name="UserId"/> for a company user, <paramref name="SpeakerId"/> as the transcript names them.</summary>
public sealed record GongPartyData(string Id, string? Name, string? Email, string? UserId, string? SpeakerId, string Affiliation);

public sealed record GongMonologueData(string SpeakerId, string Topic, IReadOnlyList<string> Sentences);

public sealed record GongCallData(string Id, string Url, string Title, DateTimeOffset Started, int DurationSeconds, IReadOnlyList<GongPartyData> Parties, IReadOnlyList<GongMonologueData> Transcript);
