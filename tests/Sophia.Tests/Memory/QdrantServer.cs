using System.Buffers.Binary;
using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Qdrant.Client.Grpc;

namespace Sophia.Tests.Memory;

/// <summary>
/// Stands in for a Qdrant server on loopback (none can be installed where the tests run): the gRPC calls Sophia makes,
/// framed as gRPC over HTTP/2 and answered from memory with exact cosine search. <see cref="QdrantFilter"/> evaluates filters.
/// </summary>
public sealed class QdrantServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Collection> _collections = new();

    private QdrantServer(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    /// <summary>The gRPC endpoint, as <c>Sophia:Memory:Qdrant:Url</c> takes it.</summary>
    public string Url { get; }

    public static async Task<QdrantServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, l => l.Protocols = HttpProtocols.Http2));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new QdrantServer(app, port);
        server.Map();
        await app.StartAsync();
        return server;
    }

    private void Map()
    {
        Unary("qdrant.Collections/CollectionExists", CollectionExistsRequest.Parser, r =>
            new CollectionExistsResponse { Result = new CollectionExists { Exists = _collections.ContainsKey(r.CollectionName) } });
        Unary("qdrant.Collections/Create", CreateCollection.Parser, r =>
            _collections.TryAdd(r.CollectionName, new Collection(r.VectorsConfig.Params))
                ? new CollectionOperationResponse { Result = true }
                : throw new QdrantError(6, $"Collection `{r.CollectionName}` already exists!"));
        Unary("qdrant.Collections/Get", GetCollectionInfoRequest.Parser, r => new GetCollectionInfoResponse
        {
            Result = new CollectionInfo
            {
                Status = CollectionStatus.Green,
                PointsCount = (ulong)Find(r.CollectionName).Points.Count,
                Config = new CollectionConfig { Params = new CollectionParams { VectorsConfig = new VectorsConfig { Params = Find(r.CollectionName).Vectors } } },
            },
        });
        Unary("qdrant.Points/CreateFieldIndex", CreateFieldIndexCollection.Parser, r => Done(Find(r.CollectionName)));
        Unary("qdrant.Points/Upsert", UpsertPoints.Parser, r =>
        {
            var collection = Find(r.CollectionName);
            foreach (var point in r.Points)
            {
                var vector = point.Vectors.Vector;
#pragma warning disable CS0612 // Clients that predate dense vectors still send the deprecated field; Qdrant accepts both.
                var values = vector.Dense is { } dense ? dense.Data.ToArray() : vector.Data.ToArray();
#pragma warning restore CS0612
                if (values.Length != (int)collection.Vectors.Size)
                {
                    throw new QdrantError(3, $"Wrong input: Vector dimension error: expected dim: {collection.Vectors.Size}, got {values.Length}");
                }

                collection.Points[point.Id.Uuid] = new StoredPoint(point.Id, point.Payload.ToDictionary(p => p.Key, p => p.Value), Normalize(values));
            }

            return Done(collection);
        });
        Unary("qdrant.Points/Query", QueryPoints.Parser, r =>
        {
            var query = Normalize(r.Query.Nearest.Dense.Data.ToArray());
            var response = new QueryResponse();
            response.Result.AddRange(Find(r.CollectionName).Points.Values
                .Where(p => QdrantFilter.Matches(r.Filter, p.Payload))
                .Select(p => (Point: p, Score: p.Vector.Zip(query, (a, b) => a * b).Sum()))
                .OrderByDescending(h => h.Score)
                .Take(r.HasLimit ? (int)r.Limit : 10)
                .Select(h => new ScoredPoint { Id = h.Point.Id, Score = h.Score, Payload = { h.Point.Payload } }));
            return response;
        });
        Unary("qdrant.Points/Delete", DeletePoints.Parser, r =>
        {
            var collection = Find(r.CollectionName);
            foreach (var point in collection.Points.Values.Where(p => QdrantFilter.Matches(r.Points.Filter, p.Payload)))
            {
                collection.Points.TryRemove(point.Id.Uuid, out _);
            }

            return Done(collection);
        });
        Unary("qdrant.Points/Count", CountPoints.Parser, r => new CountResponse
        {
            Result = new CountResult { Count = (ulong)Find(r.CollectionName).Points.Values.Count(p => QdrantFilter.Matches(r.Filter, p.Payload)) },
        });
    }

    private Collection Find(string name) =>
        _collections.TryGetValue(name, out var collection) ? collection : throw new QdrantError(5, $"Not found: Collection `{name}` doesn't exist!");

    private static PointsOperationResponse Done(Collection collection) =>
        new() { Result = new UpdateResult { OperationId = (ulong)Interlocked.Increment(ref collection.Operations), Status = UpdateStatus.Completed } };

    private static float[] Normalize(float[] vector)
    {
        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return length == 0 ? vector : vector.Select(v => v / length).ToArray();
    }

    private void Unary<TRequest, TResponse>(string method, MessageParser<TRequest> parser, Func<TRequest, TResponse> handle)
        where TRequest : IMessage<TRequest> where TResponse : IMessage<TResponse> =>
        _app.MapPost("/" + method, async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            context.Response.ContentType = "application/grpc";
            try
            {
                // A gRPC message is a compression flag, a big-endian length and the message itself.
                var response = handle(parser.ParseFrom(body.GetBuffer().AsSpan(5, (int)body.Length - 5))).ToByteArray();
                var frame = new byte[5 + response.Length];
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)response.Length);
                response.CopyTo(frame, 5);
                await context.Response.Body.WriteAsync(frame);
                context.Response.AppendTrailer("grpc-status", "0");
            }
            catch (QdrantError error)
            {
                context.Response.AppendTrailer("grpc-status", error.Status.ToString());
                context.Response.AppendTrailer("grpc-message", error.Message);
            }
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Collection(VectorParams vectors)
    {
        public long Operations;

        public VectorParams Vectors { get; } = vectors;

        public ConcurrentDictionary<string, StoredPoint> Points { get; } = new();
    }

    private sealed record StoredPoint(PointId Id, Dictionary<string, Value> Payload, float[] Vector);

    private sealed class QdrantError(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }
}
