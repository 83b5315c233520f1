using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Sophia.Automation;

namespace Sophia.Silo.Hosting;

/// <summary>Schedules and webhooks: their settings, and a reminder period as short as the schedules' check interval.</summary>
public static class SophiaAutomationExtensions
{
    public static IServiceCollection AddSophiaAutomation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKeyedSingleton(ScheduleOptions.ClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddOptions<ScheduleOptions>().Bind(configuration.GetSection(ScheduleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var interval = configuration.GetSection(ScheduleOptions.Section).Get<ScheduleOptions>()?.CheckInterval ?? new ScheduleOptions().CheckInterval;
        services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = interval < o.MinimumReminderPeriod ? interval : o.MinimumReminderPeriod);
        return services;
    }
}
