using Cronos;
using Microsoft.Extensions.DependencyInjection;
using Sophia.Automation;
using Sophia.Tests.Quotas;
using static Sophia.Tests.Automation.AutomationApi;

namespace Sophia.Tests.Automation;

public sealed class ScheduleTests
{
    private const string Prompt = "Summarise yesterday's Gong calls.";

    [Fact]
    public async Task Schedule_posts_one_answered_turn_per_occurrence_across_a_restart_until_paused()
    {
        using var data = new TempFolder();
        var clock = new ShiftedClock(TimeProvider.System.GetUtcNow());
        var settings = new Dictionary<string, string> { ["Sophia:Schedules:CheckIntervalSeconds"] = "1" };
        // Only the schedules' clock moves: the silo's own (membership, timers) stays real, or it would see itself as long dead.
        void OnClock(IServiceCollection services) => services.AddKeyedSingleton<TimeProvider>(ScheduleOptions.ClockKey, clock);
        SophiaServer? server = await SophiaServer.StartAsync(data.Path, settings, OnClock);
        try
        {
            var token = await server.CreateUserAsync("sam");
            var key = (await SendAsync(server, HttpMethod.Post, "/api/keys", token, new { name = "schedules" })).Body.GetProperty("key").GetString()!;
            Task<string> Sam() => Task.FromResult(key);

            // Bad input says what to fix and creates nothing.
            var good = new { name = "Morning calls", cron = "0 8 * * 1-5", timeZone = "Europe/Berlin", kind = "agent", prompt = Prompt };
            var badCron = await SendAsync(server, HttpMethod.Post, "/api/schedules", await Sam(), good with { cron = "0 8 * *" });
            var badZone = await SendAsync(server, HttpMethod.Post, "/api/schedules", await Sam(), good with { timeZone = "Mars/Olympus" });
            var badKind = await SendAsync(server, HttpMethod.Post, "/api/schedules", await Sam(), good with { kind = "dance" });
            var memberSync = await SendAsync(server, HttpMethod.Post, "/api/schedules", await Sam(), new { name = "sync", cron = "0 * * * *", kind = "sync", provider = "github" });
            Assert.Equal((400, 400, 400, 403), (badCron.Status, badZone.Status, badKind.Status, memberSync.Status));
            Assert.Contains("5 fields", badCron.Body.GetProperty("title").GetString());
            Assert.Contains("Europe/Berlin", badZone.Body.GetProperty("title").GetString());

            var (status, created) = await SendAsync(server, HttpMethod.Post, "/api/schedules", await Sam(), good);
            Assert.Equal(201, status);
            var id = created.GetProperty("id").GetString()!;
            var conversation = created.GetProperty("conversationId").GetString()!;
            var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
            var cron = CronExpression.Parse("0 8 * * 1-5");
            var first = created.GetProperty("nextRunAt").GetDateTimeOffset();
            Assert.Equal(cron.GetNextOccurrence(clock.GetUtcNow(), berlin), first);
            Assert.Equal(8, TimeZoneInfo.ConvertTime(first, berlin).Hour);

            clock.SetUtcNow(first.AddSeconds(1));
            var afterFirst = await MessagesWhenAsync(server, Sam, conversation, m => m.Any(e => e.Role == ChatRoles.Assistant), "the first occurrence's turn to be answered");
            Assert.Equal(Prompt, Assert.Single(afterFirst, e => e.Role == ChatRoles.User).Text);

            // Down over two more occurrences: after the restart only the latest runs, and the first never again.
            await server.DisposeAsync();
            server = null;
            var second = cron.GetNextOccurrence(first, berlin)!.Value;
            var third = cron.GetNextOccurrence(second, berlin)!.Value;
            clock.SetUtcNow(third.AddSeconds(1));
            server = await SophiaServer.StartAsync(data.Path, settings, OnClock);
            var afterRestart = await MessagesWhenAsync(server, Sam, conversation, m => m.Count(e => e.Role == ChatRoles.Assistant) >= 2, "the latest missed occurrence's turn to be answered");
            Assert.Equal(2, afterRestart.Count(e => e.Role == ChatRoles.User));
            var listed = (await SendAsync(server, HttpMethod.Get, "/api/schedules", await Sam())).Body.GetProperty("schedules")[0];
            Assert.Equal((third, 2), (listed.GetProperty("lastOccurrence").GetDateTimeOffset(), listed.GetProperty("runs").GetInt32()));

            // Paused, it lets an occurrence pass that an unpaused twin created now does run; deleted, it is gone.
            Assert.True((await SendAsync(server, HttpMethod.Post, $"/api/schedules/{id}/pause", await Sam())).Body.GetProperty("paused").GetBoolean());
            var twin = (await SendAsync(server, HttpMethod.Post, "/api/schedules", await Sam(), good with { name = "Twin" })).Body;
            var fourth = cron.GetNextOccurrence(third, berlin)!.Value;
            clock.SetUtcNow(fourth.AddSeconds(1));
            await MessagesWhenAsync(server, Sam, twin.GetProperty("conversationId").GetString()!, m => m.Any(e => e.Role == ChatRoles.Assistant), "the unpaused twin's turn");
            Assert.Equal(2, (await server.MessagesAsync(await Sam(), conversation)).Count(e => e.Role == ChatRoles.User));
            var resumed = (await SendAsync(server, HttpMethod.Post, $"/api/schedules/{id}/resume", await Sam())).Body;
            Assert.Equal(cron.GetNextOccurrence(fourth, berlin), resumed.GetProperty("nextRunAt").GetDateTimeOffset());
            Assert.Equal(204, (await SendAsync(server, HttpMethod.Delete, $"/api/schedules/{id}", await Sam())).Status);
            Assert.Equal(404, (await SendAsync(server, HttpMethod.Delete, $"/api/schedules/{id}", await Sam())).Status);
            var left = (await SendAsync(server, HttpMethod.Get, "/api/schedules", await Sam())).Body.GetProperty("schedules");
            Assert.Equal(twin.GetProperty("id").GetString(), Assert.Single(left.EnumerateArray()).GetProperty("id").GetString());
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
