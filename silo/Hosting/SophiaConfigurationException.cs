namespace Sophia.Silo.Hosting;

/// <summary>A setting Sophia cannot start without is missing or wrong; its message says which and how to set it.</summary>
public sealed class SophiaConfigurationException(string message) : InvalidOperationException(message);
