namespace Sophia.Tests.Infrastructure;

/// <summary>Every credential the tests hand Sophia, so the suite's logs can be searched for them.</summary>
public static class TestSecrets
{
    public static readonly IReadOnlyList<(string Name, string Value)> All =
    [
        ("the model's API key", OpenAiCompatibleServer.ApiKey),
        ("the admin's password", SophiaServer.AdminPassword),
    ];
}
