using System.Diagnostics;
using System.Net.Http.Json;
using Sophia.Tests.Infrastructure;

namespace Sophia.Benchmarks;

/// <summary>
/// Sign-in time with the password hashing (PBKDF2-HMAC-SHA512, 600,000 rounds) through <c>POST /api/auth/token</c>,
/// for a known user and for an unknown one, which must cost the same so that timing tells no names.
/// </summary>
public static class SignInBenchmark
{
    private const int Rounds = 40;

    public static async Task<int> RunAsync()
    {
        using var data = new TempFolder();
        await using var sophia = await SophiaServer.StartAsync(data.Path);
        await sophia.TokenAsync();
        var known = await MeasureAsync(sophia.Http, "admin", SophiaServer.AdminPassword, 200);
        var wrong = await MeasureAsync(sophia.Http, "admin", "a-wrong-password", 401, unlockEvery: 5, sophia);
        var unknown = await MeasureAsync(sophia.Http, "nobody-by-this-name", "a-wrong-password", 401);
        Report("known user, right password", known);
        Report("known user, wrong password", wrong);
        Report("unknown user", unknown);
        Console.WriteLine($"unknown / known p50: {Percentiles.Of(unknown, 50) / Percentiles.Of(known, 50):0.00}x");
        return 0;
    }

    private static async Task<List<double>> MeasureAsync(HttpClient http, string username, string password, int expected, int unlockEvery = 0, SophiaServer? sophia = null)
    {
        var durations = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            if (unlockEvery > 0 && i % unlockEvery == 0)
            {
                // A right password clears the failures, so ten wrong ones in a row never lock the account mid-run.
                await sophia!.TokenAsync();
            }

            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("/api/auth/token", new { username, password });
            durations.Add(clock.Elapsed.TotalMilliseconds);
            if ((int)response.StatusCode != expected)
            {
                throw new InvalidOperationException($"sign-in of {username} answered {(int)response.StatusCode}, expected {expected}");
            }
        }

        return durations;
    }

    private static void Report(string what, List<double> durations) =>
        Console.WriteLine($"{what}: p50 {Percentiles.Of(durations, 50):0} ms, p90 {Percentiles.Of(durations, 90):0} ms, max {durations.Max():0} ms ({durations.Count} sign-ins)");
}
