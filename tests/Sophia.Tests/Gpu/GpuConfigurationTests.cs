using Microsoft.Extensions.Options;

namespace Sophia.Tests.Gpu;

public sealed class GpuConfigurationTests
{
    [Fact]
    public async Task An_api_key_without_an_ssh_key_name_stops_the_start_and_says_which_setting_is_missing()
    {
        using var data = new TempFolder();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SophiaServer.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Sophia:Gpu:Lambda:ApiKey"] = "a-key-that-must-not-be-echoed",
        }));

        Assert.Contains("Sophia:Gpu:Lambda:SshKeyName", error.Message);
        Assert.DoesNotContain("a-key-that-must-not-be-echoed", error.Message);
    }
}
