namespace Sophia.Net;

/// <summary>A fetch the guarded client would not make; its message is meant for the person who asked.</summary>
public sealed class FetchRefusedException(string message) : HttpRequestException(message)
{
    /// <summary>The refusal inside an exception the HTTP stack wrapped around it, or null when the fetch failed otherwise.</summary>
    public static FetchRefusedException? Within(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is FetchRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
