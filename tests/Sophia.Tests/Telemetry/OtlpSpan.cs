namespace Sophia.Tests.Telemetry;

/// <summary>OTLP's <c>Span.SpanKind</c> values.</summary>
public enum OtlpSpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>One span as an OTLP exporter sent it: the process (service.name), the ActivitySource (scope) and the span.</summary>
public sealed record OtlpSpan(
    string Service,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    OtlpSpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);

    public override string ToString() =>
        $"{Service} [{Scope}] {Kind} \"{Name}\" span {SpanId} parent {(ParentSpanId.Length == 0 ? "-" : ParentSpanId)} trace {TraceId}";
}
