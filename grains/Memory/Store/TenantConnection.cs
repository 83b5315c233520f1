using Npgsql;

namespace Sophia.Memory.Store;

/// <summary>
/// A PostgreSQL transaction bound to one tenant: <c>sophia.tenant</c> is set for this transaction only, so a pooled
/// connection never carries it on. Row-level security (forced, so it binds the tables' owner too) does the rest.
/// </summary>
public sealed class TenantConnection : IAsyncDisposable
{
    private TenantConnection(NpgsqlConnection connection, NpgsqlTransaction transaction) => (Connection, Transaction) = (connection, transaction);

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public static async Task<TenantConnection> OpenAsync(NpgsqlDataSource dataSource, string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var bind = new NpgsqlCommand("SELECT set_config('sophia.tenant', $1, true)", connection, transaction))
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
