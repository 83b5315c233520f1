using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Telemetry;

/// <summary>
/// A local OTLP/HTTP trace receiver (<c>POST /v1/traces</c>, <c>application/x-protobuf</c>) that keeps every span it is
/// sent, so a test can see what real processes export through the real OTLP exporter.
/// </summary>
public sealed class OtlpTraceCollector : IAsyncDisposable
{
    private const string Protobuf = "application/x-protobuf";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<OtlpSpan> _spans = [];
    private readonly List<string> _rejected = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpTraceCollector(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT; the exporter appends <c>/v1/traces</c>.</summary>
    public string Endpoint { get; }

    public IReadOnlyList<OtlpSpan> Spans
    {
        get
        {
            lock (_gate)
            {
                return [.. _spans];
            }
        }
    }

    public static async Task<OtlpTraceCollector> StartAsync()
    {
        var endpoint = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(endpoint);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var collector = new OtlpTraceCollector(app, endpoint);
        app.MapPost("/v1/traces", collector.ExportAsync);
        await app.StartAsync();
        return collector;
    }

    /// <summary>Waits until <paramref name="find"/> finds something in the spans received so far; on timeout, says what arrived.</summary>
    public async Task<T> WaitForAsync<T>(Func<IReadOnlyList<OtlpSpan>, T?> find, string what, TimeSpan? timeout = null)
        where T : class
    {
        async Task<T> Poll()
        {
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    changed = _changed.Task;
                }

                if (find(Spans) is { } found)
                {
                    return found;
                }

                await changed;
            }
        }

        try
        {
            return await Within.Wait(Poll(), what, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n{Describe()}", ex);
        }
    }

    /// <summary>Every span received, trace by trace, and any export request that could not be decoded.</summary>
    public string Describe()
    {
        List<string> rejected;
        lock (_gate)
        {
            rejected = [.. _rejected];
        }

        var spans = Spans;
        var traces = spans.GroupBy(s => s.TraceId).Select(t => $"trace {t.Key}:\n  {string.Join("\n  ", t)}");
        return $"Spans received: {spans.Count}\n{string.Join("\n", traces)}{string.Concat(rejected.Select(r => $"\nRejected export: {r}"))}";
    }

    private async Task ExportAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith(Protobuf, StringComparison.OrdinalIgnoreCase) != true)
        {
            Reject($"content type {context.Request.ContentType}");
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        var body = await ReadBodyAsync(context.Request);
        IReadOnlyList<OtlpSpan> spans;
        try
        {
            spans = OtlpTraceReader.Read(body);
        }
        catch (InvalidDataException ex)
        {
            Reject(ex.Message);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            _spans.AddRange(spans);
            (changed, _changed) = (_changed, new(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        changed.TrySetResult();
        // An empty body is an empty ExportTraceServiceResponse: everything accepted.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Protobuf;
        context.Response.ContentLength = 0;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        if (request.Headers.ContentEncoding == "gzip")
        {
            await using var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            await gzip.CopyToAsync(buffer);
        }
        else
        {
            await request.Body.CopyToAsync(buffer);
        }

        return buffer.ToArray();
    }

    private void Reject(string why)
    {
        lock (_gate)
        {
            _rejected.Add(why);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
