namespace Sophia.ClientApi.Auth;

/// <summary>Where a sign-in may send the browser back to: a path on this site only, so a crafted link cannot forward a fresh session elsewhere.</summary>
public static class LocalUrl
{
    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";

    public static bool IsLocal(string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);
}
