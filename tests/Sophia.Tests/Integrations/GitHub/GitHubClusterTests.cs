using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Sophia.Integrations;
using Sophia.Silo.Hosting;

namespace Sophia.Tests.Integrations.GitHub;

public sealed class GitHubClusterTests
{
    [Fact]
    public async Task Two_silos_racing_a_token_refresh_make_one_refresh()
    {
        using var data = new TempFolder();
        await using var github = await GitHubApiServer.StartAsync();
        using var key = RSA.Create(2048);
        github.App = (31, 41, key);
        github.Data.AddRepository("acme/app").AddIssue("Race", "Who refreshes?", github.Time.GetUtcNow());
        // Tokens issued while connecting have less than five minutes left, so the calls after it must refresh the last one.
        github.InstallationTokenLifetime = TimeSpan.FromMinutes(4);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sophia:DataDirectory"] = data.Path,
            ["Sophia:Tools:Web:AllowedHosts:0"] = GitHubApiServer.Host,
        }).Build();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureClient(client => client.ActAsOperator());
        builder.ConfigureSilo((_, silo) => silo.AddSophiaGrainServices(configuration));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var key31 = IntegrationNames.Key("race", IntegrationNames.GitHub);
        await cluster.Client.GetGrain<IIntegrationGrain>(key31).ConnectAsync(GitHubUnderTest.AppBody(github, 31, 41, key, "acme/app").ToJsonString(), "admin");
        var issuedAtConnect = github.InstallationTokensIssued;
        github.InstallationTokenLifetime = TimeSpan.FromHours(1);

        using var asOperator = OperatorClient.Enter();
        var calls = cluster.Silos.SelectMany(silo => Enumerable.Range(0, 4).Select(_ =>
            silo.SiloHost.Services.GetRequiredService<IGrainFactory>().GetGrain<IIntegrationGrain>(key31)
                .CallToolAsync("github_read_issue", """{"repository": "acme/app", "number": 1}""", "admin")));
        var answers = await Within.Wait(Task.WhenAll(calls), "calls from both silos");

        Assert.All(answers, a => Assert.Contains("Who refreshes?", a));
        Assert.Equal(issuedAtConnect + 1, github.InstallationTokensIssued);
    }
}
