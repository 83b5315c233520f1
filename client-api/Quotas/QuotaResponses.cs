using Sophia.Tenancy;

namespace Sophia.ClientApi.Quotas;

/// <summary>How a reached limit answers over HTTP: 429 with <c>Retry-After</c> (seconds until it resets) and a body naming it.</summary>
public static class QuotaResponses
{
    public static IResult TooMany(HttpContext http, QuotaRefusal refusal)
    {
        SetRetryAfter(http, refusal);
        return Results.Json(new
        {
            error = refusal.Message,
            limit = refusal.Limit,
            value = refusal.Value,
            used = refusal.Used,
            resetsAt = refusal.ResetsAt,
            scope = Scope(refusal),
        }, statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The same in OpenAI's error shape, the limit beside its fields.</summary>
    public static IResult OpenAiTooMany(HttpContext http, QuotaRefusal refusal)
    {
        SetRetryAfter(http, refusal);
        return Results.Json(new
        {
            error = new
            {
                message = refusal.Message,
                type = "insufficient_quota",
                code = "quota_exceeded",
                limit = refusal.Limit,
                value = refusal.Value,
                used = refusal.Used,
                resetsAt = refusal.ResetsAt,
                scope = Scope(refusal),
            },
        }, statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static void SetRetryAfter(HttpContext http, QuotaRefusal refusal)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var seconds = Math.Max(1, (long)Math.Ceiling((refusal.ResetsAt - now).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Scope(QuotaRefusal refusal) => refusal.TenantWide ? "tenant" : "user";
}
