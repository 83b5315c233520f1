namespace Sophia.Tests.Fuzz;

/// <summary>
/// One well-formed request a client could make, which the mutators break. <c>{conversation}</c>, <c>{document}</c>,
/// <c>{approval}</c> and <c>{name}</c> in the path are filled with real or broken ids.
/// </summary>
public sealed record FuzzTemplate(string Family, string Method, string Path, string? Body, bool AsAdmin = false);

/// <summary>The corpus: every REST and <c>/v1</c> endpoint that takes input, as data.</summary>
public static class FuzzTemplates
{
    public const string Rest = "rest";
    public const string V1 = "v1";
    public const string Upload = "upload";

    public static readonly FuzzTemplate[] All =
    [
        new(Rest, "POST", "/api/auth/token", """{"tenant":"default","username":"fuzz-nobody","password":"not-the-password"}"""),
        new(Rest, "POST", "/api/auth/login", """{"username":"fuzz-nobody","password":"not-the-password"}"""),
        new(Rest, "POST", "/api/auth/refresh", """{"refresh_token":"not-a-refresh-token"}"""),
        new(Rest, "POST", "/api/auth/revoke", """{"refresh_token":"not-a-refresh-token"}"""),
        new(Rest, "GET", "/api/auth/oidc/login?returnUrl=/", null),
        new(Rest, "GET", "/api/me", null),
        new(Rest, "POST", "/api/me/password", """{"current":"not-the-password","new":"another-long-password"}"""),
        new(Rest, "GET", "/api/keys", null),
        new(Rest, "POST", "/api/keys", """{"name":"fuzz key"}"""),
        new(Rest, "DELETE", "/api/keys/{name}", null),
        new(Rest, "GET", "/api/conversations", null),
        new(Rest, "POST", "/api/conversations", """{"title":"fuzz","agent":null}"""),
        new(Rest, "GET", "/api/conversations/{conversation}/messages?after=0&limit=10", null),
        new(Rest, "POST", "/api/conversations/{conversation}/messages", """{"text":"hello from the fuzzer"}"""),
        new(Rest, "GET", "/api/conversations/{conversation}/usage", null),
        new(Rest, "POST", "/api/conversations/{conversation}/approvals/{approval}", """{"approved":true,"comment":"ok"}"""),
        new(Rest, "PUT", "/api/conversations/{conversation}/policy", """{"policy":"enqueue"}"""),
        new(Rest, "GET", "/api/agents", null),
        new(Rest, "GET", "/api/agents/tools", null),
        new(Rest, "GET", "/api/integrations", null, AsAdmin: true),
        // Private addresses the guarded client refuses before connecting, so each check fails at once with a 400.
        new(Rest, "PUT", "/api/integrations/web-search", """{"provider":"searxng","baseUrl":"http://10.0.0.1/","apiKey":"fuzz-key"}""", AsAdmin: true),
        new(Rest, "PUT", "/api/integrations/github", """{"baseUrl":"http://10.0.0.1/api/v3/","token":"fuzz-token","repositories":["acme/app"]}""", AsAdmin: true),
        new(Rest, "PUT", "/api/integrations/mcp/{name}", """{"url":"http://10.0.0.1/mcp","headers":{"X-Key":"fuzz"},"safeTools":["echo"]}""", AsAdmin: true),
        new(Rest, "GET", "/api/integrations/mcp/{name}/tools?refresh=true", null, AsAdmin: true),
        new(Rest, "POST", "/api/integrations/github/sync", null, AsAdmin: true),
        new(Rest, "DELETE", "/api/integrations/mcp/{name}", null, AsAdmin: true),
        new(Rest, "GET", "/api/agents/{name}", null),
        new(Rest, "PUT", "/api/agents/{name}", """{"instructions":"Answer briefly.","model":null,"allowedTools":["recall"]}""", AsAdmin: true),
        new(Rest, "POST", "/api/agents/{name}/test", """{"message":"hello from the fuzzer"}"""),
        new(Rest, "DELETE", "/api/agents/{name}", null, AsAdmin: true),
        new(Rest, "GET", "/api/memory/documents?scope=user", null),
        new(Rest, "GET", "/api/memory/documents/{document}?scope=user", null),
        new(Rest, "DELETE", "/api/memory/documents/{document}?scope=user", null),
        new(Rest, "POST", "/api/memory/facts?scope=user", """{"text":"The fuzzer was here.","source":"fuzz"}"""),
        new(Rest, "POST", "/api/memory/recall?scope=user", """{"query":"what was here","topK":3,"documentId":null,"alsoScopes":["tenant"]}"""),
        new(Rest, "GET", "/api/users", null, AsAdmin: true),
        new(Rest, "POST", "/api/users", """{"username":"fuzz-made","role":"member","password":"a-password-for-fuzz"}""", AsAdmin: true),
        new(Rest, "PATCH", "/api/users/{name}", """{"role":"viewer","disabled":false,"displayName":"Fuzz"}""", AsAdmin: true),
        new(Rest, "POST", "/api/users/{name}/password", """{"password":"a-new-password-for-fuzz"}""", AsAdmin: true),
        new(Rest, "POST", "/api/invitations", """{"username":"fuzz-guest","email":"someone@example.com","role":"member","expiresInHours":24}""", AsAdmin: true),
        new(Rest, "GET", "/api/invitations/{name}", null),
        new(Rest, "POST", "/api/invitations/{name}/accept", """{"username":"fuzz-invited","password":"a-password-for-fuzz"}"""),
        new(Rest, "GET", "/api/tenants", null, AsAdmin: true),
        new(Rest, "POST", "/api/tenants", """{"tenant":"fuzzco","owner":{"username":"owner","password":"a-password-for-fuzz"}}""", AsAdmin: true),
        new(Rest, "GET", "/api/ops/gpu?region=local", null, AsAdmin: true),
        new(Rest, "POST", "/api/ops/gpu/desired?region=local", """{"count":0}""", AsAdmin: true),
        new(Rest, "POST", "/api/ops/gpu/reconcile?wait=false", null, AsAdmin: true),
        new(Rest, "GET", "/healthz", null),
        new(V1, "GET", "/v1/models", null),
        new(V1, "POST", "/v1/chat/completions", """{"model":"sophia","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello"}],"stream":false}"""),
        new(V1, "POST", "/v1/chat/completions", """{"model":"sophia","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"stream":true}"""),
        new(Upload, "POST", "/api/memory/documents?scope=user", null),
        new(Upload, "POST", "/api/memory/folder?scope=user", """{"path":"/tmp/nowhere"}"""),
    ];
}
