using System.ComponentModel.DataAnnotations;

namespace Sophia.Silo.Hosting;

/// <summary>The silo's ports (<c>Sophia:Silo</c>).</summary>
public sealed class SiloPortOptions
{
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
