namespace Sophia.Integrations.Gong;

/// <summary>The <c>records</c> block of a Gong list answer; <c>cursor</c> only while more pages remain.</summary>
internal sealed record GongRecords(int TotalRecords, int CurrentPageSize, int CurrentPageNumber, string? Cursor);

/// <summary>An answer of <c>POST /v2/calls/transcript</c>.</summary>
internal sealed record GongTranscriptPage(string? RequestId, GongRecords? Records, IReadOnlyList<GongCallTranscript>? CallTranscripts);

internal sealed record GongCallTranscript(string CallId, IReadOnlyList<GongMonologue>? Transcript);

/// <summary>One speaker's turn; Gong splits it where the topic changes.</summary>
internal sealed record GongMonologue(string? SpeakerId, string? Topic, IReadOnlyList<GongSentence>? Sentences);

/// <summary>A sentence, with its start and end in milliseconds from the call's start.</summary>
internal sealed record GongSentence(long Start, long End, string? Text);

/// <summary>An answer of <c>POST /v2/calls/extensive</c>.</summary>
internal sealed record GongCallsPage(string? RequestId, GongRecords? Records, IReadOnlyList<GongCall>? Calls);

internal sealed record GongCall(GongCallMetaData MetaData, IReadOnlyList<GongParty>? Parties);

internal sealed record GongCallMetaData(string Id, string? Url, string? Title, DateTimeOffset? Scheduled, DateTimeOffset? Started, double? Duration);

/// <summary>A participant; <c>speakerId</c> is what the transcript's monologues refer to, <c>userId</c> a Gong user.</summary>
internal sealed record GongParty(string? Id, string? EmailAddress, string? Name, string? Title, string? UserId, string? SpeakerId, string? Affiliation);

/// <summary>An answer of <c>GET /v2/users</c>.</summary>
internal sealed record GongUsersPage(string? RequestId, GongRecords? Records, IReadOnlyList<GongUser>? Users);

internal sealed record GongUser(string Id, string? EmailAddress, string? FirstName, string? LastName);

/// <summary>Gong's error body: <c>{"requestId": "...", "errors": ["..."]}</c>.</summary>
internal sealed record GongErrorBody(string? RequestId, IReadOnlyList<string>? Errors);
