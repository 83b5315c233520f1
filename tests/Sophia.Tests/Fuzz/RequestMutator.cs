using System.Net.Http.Headers;
using System.Text;

namespace Sophia.Tests.Fuzz;

/// <summary>Turns a template into a broken request: bad body, content type, ids, query, credentials or headers.</summary>
public sealed class RequestMutator(Random random, FuzzIdentity identity)
{
    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json", "text/plain", "application/xml", "application/json; charset=utf-16", "application/json; charset=nonsense",
        "application/x-www-form-urlencoded", "multipart/form-data", "application/octet-stream", "*/*", "application/json; boundary=x",
    ];

    private static readonly string[] BadIds =
    [
        "", "%00", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "a%2Fb", "%E2%9C%A8", "%F0%9F%92%A5%F0%9F%92%A5", "%20%20", "default%2Fother", "null", "-1",
        "9999999999999999999999", "%C3%28", "%FF%FE", "CON", "a:b", "tenant", "user:admin", "conversation:x", "%3Cscript%3E",
    ];

    private static readonly string[] Queries =
    [
        "after=abc", "after=-1", "after=99999999999999999999", "limit=0", "limit=-5", "limit=2147483648", "scope=", "scope=tenant", "scope=user:admin",
        "scope=conversation:", "scope=conversation:%00", "scope=%F0%9F%92%A5", "wait=maybe", "wait=true", "region=%00", "region=AAAA", "returnUrl=https://evil.example",
        "returnUrl=//evil.example", "topK=-1", "scope=conversation:{conversation}", "scope=user&scope=tenant",
    ];

    private readonly JsonMutator _json = new(random);

    public JsonMutator Json => _json;

    public HttpRequestMessage Build(FuzzTemplate template, byte[]? body = null, string? contentType = null)
    {
        var mutateIds = random.Next(3) == 0;
        var path = Fill(template.Path, mutateIds);
        if (random.Next(4) == 0)
        {
            path += (path.Contains('?') ? "&" : "?") + Fill(_json.Pick(Queries), mutateIds);
        }

        var request = new HttpRequestMessage(new HttpMethod(random.Next(40) == 0 ? _json.Pick(["PATCH", "PUT", "DELETE", "GET", "POST", "OPTIONS", "HEAD"]) : template.Method), path);
        if (template.Method != "GET" || random.Next(10) == 0)
        {
            request.Content = new ByteArrayContent(body ?? _json.Mutate(template.Body));
            var type = contentType ?? (random.Next(4) == 0 ? _json.Pick(ContentTypes) : "application/json");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }

        Authorize(request, template.AsAdmin ? identity.AdminToken : identity.Token);
        if (random.Next(6) == 0)
        {
            AddOddHeader(request);
        }

        return request;
    }

    private string Fill(string path, bool mutate)
    {
        string Pick(string real, string others) => !mutate ? real : random.Next(4) == 0 ? others : random.Next(6) == 0 ? new string('a', random.Next(200, 6000)) : _json.Pick(BadIds);
        return path
            .Replace("{conversation}", Pick(identity.Conversation, identity.OthersConversation), StringComparison.Ordinal)
            .Replace("{document}", Pick(identity.Document, identity.OthersDocument), StringComparison.Ordinal)
            .Replace("{approval}", Pick("approval-1", "approval-2"), StringComparison.Ordinal)
            .Replace("{name}", Pick("fuzz-other", "fuzz-victim"), StringComparison.Ordinal);
    }

    private void Authorize(HttpRequestMessage request, string token)
    {
        var header = random.Next(10) switch
        {
            0 => null,
            1 => "Bearer " + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('g', random.Next(1, 3000)))),
            2 => "Bearer " + ForgedJwt(expired: true),
            3 => "Bearer " + ForgedJwt(expired: false),
            4 => "Bearer " + _json.Pick(["sk-sophia.", "sk-sophia.garbage", "sk-sophia.ZGVmYXVsdA.nokey.nosecret", "sk-sophia.%%%.a.b", identity.ApiKey[..^4] + "AAAA", "sk-sophia..."]),
            5 => _json.Pick(["Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer ", "bearer " + token, token, "Bearer " + token + " extra", "Negotiate abc"]),
            6 => "Bearer " + identity.ApiKey,
            _ => "Bearer " + token,
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }
    }

    private void AddOddHeader(HttpRequestMessage request)
    {
        var (name, value) = random.Next(5) switch
        {
            0 => ("Idempotency-Key", new string('k', random.Next(1, 4000))),
            1 => ("X-Sophia-Conversation", _json.Pick(BadIds)),
            2 => ("X-CSRF-TOKEN", "garbage"),
            3 => ("Cookie", "sophia.session=" + new string('c', random.Next(1, 2000))),
            _ => ("Accept", "application/xml"),
        };
        request.Headers.TryAddWithoutValidation(name, value);
    }

    // Looks like Sophia's tokens but is signed with another key, or long expired.
    private string ForgedJwt(bool expired)
    {
        static string Encode(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var exp = expired ? 1_000_000_000 : 4_000_000_000;
        var payload = $$"""{"sub":"admin","tenant":"default","sv":"0","iss":"sophia","aud":"sophia","exp":{{exp}},"sophia_role":"owner"}""";
        var header = random.Next(3) == 0 ? """{"alg":"none","typ":"JWT"}""" : """{"alg":"HS256","typ":"JWT"}""";
        var signature = new byte[32];
        random.NextBytes(signature);
        return $"{Encode(header)}.{Encode(payload)}.{Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }
}
