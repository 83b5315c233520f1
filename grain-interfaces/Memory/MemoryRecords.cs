namespace Sophia.Memory;

/// <summary>A file to remember: its name (the extension picks the parser when the content type is vague) and its bytes.</summary>
/// <param name="Name">File name as the user knows it, e.g. <c>handbook.pdf</c>.</param>
/// <param name="ContentType">MIME type, e.g. <c>text/markdown</c>; may be empty.</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="Source">Where a synced record comes from (its URL, type and modified time); null for an uploaded file.</param>
[GenerateSerializer, Immutable, Alias("sophia.DocumentUpload")]
public sealed record DocumentUpload(string Name, string ContentType, byte[] Content, DocumentSource? Source = null);

/// <summary>The record at a provider a synced document copies, shown with its passages so an answer can cite it.</summary>
/// <param name="Url">The record's page at the provider (a call in Gong, a deal in HubSpot, an issue on GitHub).</param>
/// <param name="Type">The provider's object type: <c>call</c>, <c>deal</c>, <c>Opportunity</c>, <c>issue</c>.</param>
/// <param name="ModifiedAt">When the record last changed at the provider.</param>
[GenerateSerializer, Immutable, Alias("sophia.DocumentSource")]
public sealed record DocumentSource(string Url, string Type, DateTimeOffset ModifiedAt);

/// <summary>Where a document's ingestion stands.</summary>
/// <param name="DocumentId">Content hash of the document's text: the same text always gets the same id.</param>
/// <param name="Name">The document's name.</param>
/// <param name="Kind"><c>document</c> or <c>fact</c>.</param>
/// <param name="State">One of <see cref="IngestionStates"/>.</param>
/// <param name="Chunks">Chunks the document splits into.</param>
/// <param name="Embedded">Chunks embedded by this ingestion so far.</param>
/// <param name="Stored">Chunks stored in every tier so far.</param>
/// <param name="New">False when the document was already known and nothing was written.</param>
[GenerateSerializer, Immutable, Alias("sophia.IngestionStatus")]
public sealed record IngestionStatus(string DocumentId, string Name, string Kind, string State, int Chunks, int Embedded, int Stored, bool New);

/// <summary>A progress event of a scope's ingestion, pushed to its watchers.</summary>
/// <param name="Scope">The memory grain's key (<c>tenant/scope</c>).</param>
/// <param name="Status">The document it is about.</param>
/// <param name="DocumentsPending">Documents of the scope still being ingested, this one included unless it is done.</param>
[GenerateSerializer, Immutable, Alias("sophia.IngestionProgress")]
public sealed record IngestionProgress(string Scope, IngestionStatus Status, int DocumentsPending);

/// <summary>A recall request.</summary>
/// <param name="Text">What to look for.</param>
/// <param name="TopK">How many passages at most (1–50).</param>
/// <param name="DocumentId">Only passages of this document, when set.</param>
/// <param name="AlsoScopes">Other scopes of the same tenant to search as well (e.g. <c>tenant</c> from a conversation's memory).</param>
[GenerateSerializer, Immutable, Alias("sophia.RecallQuery")]
public sealed record RecallQuery(string Text, int TopK = 5, string? DocumentId = null, IReadOnlyList<string>? AlsoScopes = null);

/// <summary>A passage that answers a recall, with where it comes from, so an answer can cite it.</summary>
/// <param name="DocumentId">The document's id.</param>
/// <param name="DocumentName">The document's name, to cite.</param>
/// <param name="ChunkId">The chunk's content hash.</param>
/// <param name="Position">Index of the chunk within its document, from 0.</param>
/// <param name="StartChar">Offset of the passage in the document's extracted text.</param>
/// <param name="Text">The passage.</param>
/// <param name="Score">Fused rank score (higher is better); comparable only within one recall.</param>
/// <param name="Scope">The scope it was found in.</param>
/// <param name="Kind"><c>document</c> or <c>fact</c>.</param>
/// <param name="Source">The provider's record a synced document copies; null for uploads and facts.</param>
[GenerateSerializer, Immutable, Alias("sophia.Passage")]
public sealed record Passage(string DocumentId, string DocumentName, string ChunkId, int Position, int StartChar, string Text, double Score, string Scope, string Kind, DocumentSource? Source = null);

/// <summary>The states of a document's ingestion.</summary>
public static class IngestionStates
{
    public const string Ingesting = "ingesting";
    public const string Stored = "stored";
}

/// <summary>What a memory entry is.</summary>
public static class MemoryKinds
{
    public const string Document = "document";
    public const string Fact = "fact";
}

/// <summary>Memory scopes and the keys of their grains: <c>tenant/tenant</c>, <c>tenant/user:{name}</c>, <c>tenant/conversation:{id}</c>.</summary>
public static class MemoryScopes
{
    public const string Tenant = "tenant";

    public static string User(string user) => $"user:{user}";

    public static string Conversation(string conversationId) => $"conversation:{conversationId}";

    public static string Key(string tenant, string scope) => GrainKeys.Of(tenant, scope);

    /// <summary>True for <c>tenant</c>, <c>user:{name}</c> and <c>conversation:{id}</c> with a well-formed name or id.</summary>
    public static bool IsValid(string? scope) => scope switch
    {
        Tenant => true,
        ['u', 's', 'e', 'r', ':', .. var name] => GrainKeys.IsWellFormedName(name),
        _ when scope?.StartsWith("conversation:", StringComparison.Ordinal) == true => GrainKeys.IsWellFormedId(scope["conversation:".Length..]),
        _ => false,
    };
}
