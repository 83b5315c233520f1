using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sophia.Agents.Tools;
using Sophia.Net;
using Sophia.Silo.Hosting;

namespace Sophia.Tests.Web;

/// <summary>What <c>read_web_page</c> answers through the guarded client, as the person who asked reads it.</summary>
public sealed class GuardedClientTests : IAsyncLifetime
{
    private TrickyWebsite _site = null!;

    public async Task InitializeAsync() => _site = await TrickyWebsite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1/", "loopback addresses (127.0.0.1)")]
    [InlineData("http://10.1.2.3/", "private addresses (10.1.2.3)")]
    [InlineData("http://172.16.0.1/", "private addresses (172.16.0.1)")]
    [InlineData("http://192.168.1.1/", "private addresses (192.168.1.1)")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local addresses (169.254.169.254)")]
    [InlineData("http://100.64.0.1/", "shared (carrier-grade NAT) addresses (100.64.0.1)")]
    [InlineData("http://224.0.0.1/", "multicast addresses (224.0.0.1)")]
    [InlineData("http://0.0.0.0/", "unspecified addresses (0.0.0.0)")]
    [InlineData("http://255.255.255.255/", "broadcast addresses (255.255.255.255)")]
    [InlineData("http://[::1]/", "loopback addresses (::1)")]
    [InlineData("http://[fc00::1]/", "unique-local addresses (fc00::1)")]
    [InlineData("http://[fe80::1]/", "link-local addresses (fe80::1)")]
    [InlineData("http://[fec0::1]/", "site-local addresses (fec0::1)")]
    [InlineData("http://[::ffff:169.254.169.254]/", "link-local addresses (::ffff:169.254.169.254)")]
    [InlineData("http://[::ffff:127.0.0.1]/", "loopback addresses (::ffff:127.0.0.1)")]
    [InlineData("http://[64:ff9b::a01:203]/", "private addresses (64:ff9b::a01:203)")]
    [InlineData("http://[2002:c0a8:101::1]/", "private addresses (2002:c0a8:101::1)")]
    public async Task An_internal_address_is_refused_saying_which_kind_it_is(string url, string refusal)
    {
        var answer = await ReadAsync(url);

        Assert.StartsWith($"Sophia does not read {refusal}.", answer);
        Assert.Contains("Sophia:Tools:Web:AllowedHosts", answer);
    }

    [Theory]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://127.1/")]
    public async Task Loopback_written_in_another_notation_is_refused_too(string url)
    {
        var answer = await ReadAsync(url);

        Assert.StartsWith("Sophia does not read loopback addresses", answer);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void A_public_address_is_not_internal(string address) => Assert.Null(AddressPolicy.InternalKind(IPAddress.Parse(address)));

    [Fact]
    public async Task A_host_in_allowed_hosts_is_read_as_text_without_scripts_styles_or_markup()
    {
        var answer = await ReadAsync(_site.Url("article"), allowed: WebPageServer.Host);

        Assert.Equal("Quarterly report Revenue Revenue grew by 12 % & costs fell. First Second", answer);
    }

    [Fact]
    public async Task A_host_name_in_allowed_hosts_is_read_though_it_resolves_to_loopback()
    {
        var answer = await ReadAsync(_site.Url("article", host: "localhost"), allowed: "localhost");

        Assert.Contains("Revenue grew by 12", answer);
    }

    [Fact]
    public async Task A_name_that_resolves_to_an_internal_address_is_refused()
    {
        var answer = await ReadAsync(_site.Url("secret", host: "localhost"), allowed: WebPageServer.Host);

        Assert.StartsWith("Sophia does not read loopback addresses (localhost resolves to 127.0.0.1)", answer);
        Assert.False(_site.Reads.ContainsKey("secret"));
    }

    [Theory]
    [InlineData("localhost", "loopback addresses (localhost resolves to 127.0.0.1)")]
    [InlineData("[::1]", "loopback addresses (::1)")]
    [InlineData("169.254.169.254", "link-local addresses (169.254.169.254)")]
    public async Task A_redirect_from_an_allowed_host_to_an_internal_one_is_refused_at_the_hop(string target, string refusal)
    {
        var inward = _site.Url("secret", host: target);

        var answer = await ReadAsync(_site.Url($"redirect?to={Uri.EscapeDataString(inward)}"), allowed: WebPageServer.Host);

        Assert.StartsWith($"Sophia does not read {refusal}", answer);
        Assert.Equal(1, _site.Reads["redirect"]);
        Assert.False(_site.Reads.ContainsKey("secret"));
    }

    [Fact]
    public async Task Five_redirects_are_followed_and_a_sixth_is_refused()
    {
        Assert.Equal("arrived", await ReadAsync(_site.Url("hops/5"), allowed: WebPageServer.Host));

        var answer = await ReadAsync(_site.Url("hops/6"), allowed: WebPageServer.Host);

        Assert.Contains("redirects more than 5 times", answer);
        Assert.Equal(1, _site.Reads["hops/0"]);
    }

    [Fact]
    public async Task A_redirect_to_another_scheme_is_refused()
    {
        var answer = await ReadAsync(_site.Url($"redirect?to={Uri.EscapeDataString("file:///etc/passwd")}"), allowed: WebPageServer.Host);

        Assert.Contains("redirects to 'file:///etc/passwd', which is not http or https", answer);
    }

    [Fact]
    public async Task A_body_that_never_ends_is_cut_at_two_megabytes()
    {
        await using var services = Services(WebPageServer.Host);

        var page = await GuardedHttp.GetAsync(services.GetRequiredService<IHttpClientFactory>(), new Uri(_site.Url("endless")), CancellationToken.None);
        var answer = await WebPage.ReadAsync(services.GetRequiredService<IHttpClientFactory>(), _site.Url("endless"), CancellationToken.None);

        Assert.Equal((GuardedHttp.MaxBodyBytes, true), (page.Body.Length, page.Cut));
        Assert.StartsWith("all work and no play", answer);
        Assert.EndsWith("…(cut)", answer);
    }

    [Fact]
    public async Task Allowed_hosts_with_a_scheme_or_path_stop_the_start_saying_what_to_list()
    {
        await using var services = Services("http://wiki.example/");

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebToolOptions>>().Value);

        Assert.Contains("AllowedHosts lists host names or addresses only", error.Message);
    }

    private static async Task<string> ReadAsync(string url, string? allowed = null)
    {
        await using var services = Services(allowed);
        return await WebPage.ReadAsync(services.GetRequiredService<IHttpClientFactory>(), url, CancellationToken.None);
    }

    private static ServiceProvider Services(string? allowed)
    {
        var settings = new Dictionary<string, string?>();
        if (allowed is not null)
        {
            settings["Sophia:Tools:Web:AllowedHosts:0"] = allowed;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddGuardedHttp(configuration).BuildServiceProvider();
    }
}
