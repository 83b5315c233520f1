using System.ComponentModel.DataAnnotations;

namespace Sophia.Storage;

/// <summary>Where the embedded profile keeps its SQLite database (<c>Sophia:DataDirectory</c>).</summary>
public sealed class SqliteOptions
{
    [Required]
    public string DataDirectory { get; set; } = "data";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "sophia.db");
}
