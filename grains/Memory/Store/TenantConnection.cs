using Npgsql;

namespace Sophia.Memory.Store;

/// <summary>
/// A PostgreSQL transaction bound to one tenant: it runs as the plain role <c>sophia_tenant</c> (which row-level security
/// applies to) with <c>sophia.tenant</c> set, both for this transaction only, so a pooled connection carries neither on.
/// </summary>
public sealed class TenantConnection : IAsyncDisposable
{
    public const string Role = "sophia_tenant";

    private TenantConnection(NpgsqlConnection connection, NpgsqlTransaction transaction) => (Connection, Transaction) = (connection, transaction);

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public static async Task<TenantConnection> OpenAsync(NpgsqlDataSource dataSource, string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var bind = new NpgsqlCommand($"SELECT set_config('role', '{Role}', true), set_config('sophia.tenant', $1, true)", connection, transaction))
        {
            bind.Parameters.Add(new NpgsqlParameter { Value = tenant });
            await bind.ExecuteNonQueryAsync(cancellationToken);
        }

        return new TenantConnection(connection, transaction);
    }

    public NpgsqlCommand Command(string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, Connection, Transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
