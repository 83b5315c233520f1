namespace Sophia.Memory;

/// <summary>An ingestion refused because it would take the tenant past its memory limit; nothing was written.</summary>
[GenerateSerializer, Alias("sophia.MemoryLimitException")]
public sealed class MemoryLimitException(string message) : Exception(message);
