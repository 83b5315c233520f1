namespace Sophia.Tests.Fuzz;

/// <summary>What the fuzzer may present: its own and the admin's real tokens, and ids that exist, some of another user's.</summary>
public sealed record FuzzIdentity(string Token, string AdminToken, string ApiKey, string Conversation, string Document, string OthersConversation, string OthersDocument);
