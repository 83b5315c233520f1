using Orleans.Storage;

namespace Sophia.Storage;

/// <summary>Grain state in SQLite, serialized with Orleans' grain storage serializer, with optimistic concurrency on an etag.</summary>
public sealed class SqliteGrainStorage(SqliteDatabase database, IGrainStorageSerializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var rows = await database.QueryAsync(
            "SELECT etag, data FROM grain_state WHERE grain_id = $id AND state_name = $name",
            r => (ETag: r.GetString(0), Data: (byte[])r["data"]),
            CancellationToken.None,
            ("$id", grainId.ToString()), ("$name", stateName));

        if (rows.Count == 0)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(rows[0].Data));
        grainState.ETag = rows[0].ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var newETag = Guid.NewGuid().ToString("N");
        var data = serializer.Serialize(grainState.State).ToArray();
        var changed = grainState.ETag is null
            ? await database.ExecuteAsync(
                "INSERT INTO grain_state (grain_id, state_name, etag, data) VALUES ($id, $name, $etag, $data) ON CONFLICT DO NOTHING",
                CancellationToken.None,
                ("$id", grainId.ToString()), ("$name", stateName), ("$etag", newETag), ("$data", data))
            : await database.ExecuteAsync(
                "UPDATE grain_state SET etag = $etag, data = $data WHERE grain_id = $id AND state_name = $name AND etag = $expected",
                CancellationToken.None,
                ("$id", grainId.ToString()), ("$name", stateName), ("$etag", newETag), ("$data", data), ("$expected", grainState.ETag));

        if (changed != 1)
        {
            throw new InconsistentStateException($"State '{stateName}' of {grainId} was changed by someone else.", grainState.ETag ?? "", "unknown");
        }

        grainState.ETag = newETag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await database.ExecuteAsync(
            "DELETE FROM grain_state WHERE grain_id = $id AND state_name = $name",
            CancellationToken.None,
            ("$id", grainId.ToString()), ("$name", stateName));
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
