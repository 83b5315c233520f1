using System.Globalization;

namespace Sophia.Tests.Telemetry;

/// <summary>
/// Decodes an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1) into spans, reading only the
/// fields the tests look at and skipping every other field.
/// </summary>
public static class OtlpTraceReader
{
    public static IReadOnlyList<OtlpSpan> Read(ReadOnlySpan<byte> exportTraceServiceRequest)
    {
        var spans = new List<OtlpSpan>();
        var reader = new ProtobufReader(exportTraceServiceRequest);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1 && type == WireType.LengthDelimited)
            {
                ReadResourceSpans(reader.ReadLengthDelimited(), spans);
            }
            else
            {
                reader.Skip(field, type);
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, List<OtlpSpan> spans)
    {
        // resource (1) may follow scope_spans (2) on the wire, so the service name is applied once the message is read.
        var service = "";
        var read = new List<OtlpSpan>();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, WireType.LengthDelimited):
                    service = ReadResourceAttributes(reader.ReadLengthDelimited()).GetValueOrDefault("service.name", service);
                    break;
                case (2, WireType.LengthDelimited):
                    ReadScopeSpans(reader.ReadLengthDelimited(), read);
                    break;
                default:
                    reader.Skip(field, type);
                    break;
            }
        }

        spans.AddRange(read.Select(span => span with { Service = service }));
    }

    private static Dictionary<string, string> ReadResourceAttributes(ReadOnlySpan<byte> resource)
    {
        var attributes = new Dictionary<string, string>();
        var reader = new ProtobufReader(resource);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1 && type == WireType.LengthDelimited)
            {
                AddKeyValue(reader.ReadLengthDelimited(), attributes);
            }
            else
            {
                reader.Skip(field, type);
            }
        }

        return attributes;
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, List<OtlpSpan> spans)
    {
        // Likewise the scope (1) may follow its spans (2).
        var scope = "";
        var read = new List<OtlpSpan>();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, WireType.LengthDelimited):
                    scope = ReadScopeName(reader.ReadLengthDelimited());
                    break;
                case (2, WireType.LengthDelimited):
                    read.Add(ReadSpan(reader.ReadLengthDelimited()));
                    break;
                default:
                    reader.Skip(field, type);
                    break;
            }
        }

        spans.AddRange(read.Select(span => span with { Scope = scope }));
    }

    private static string ReadScopeName(ReadOnlySpan<byte> instrumentationScope)
    {
        var name = "";
        var reader = new ProtobufReader(instrumentationScope);
        while (reader.TryReadTag(out var field, out var type))
        {
            if (field == 1 && type == WireType.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(field, type);
            }
        }

        return name;
    }

    private static OtlpSpan ReadSpan(ReadOnlySpan<byte> message)
    {
        string traceId = "", spanId = "", parentSpanId = "", name = "";
        var kind = OtlpSpanKind.Unspecified;
        var attributes = new Dictionary<string, string>();
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, WireType.LengthDelimited):
                    traceId = Convert.ToHexStringLower(reader.ReadLengthDelimited());
                    break;
                case (2, WireType.LengthDelimited):
                    spanId = Convert.ToHexStringLower(reader.ReadLengthDelimited());
                    break;
                case (4, WireType.LengthDelimited):
                    parentSpanId = Convert.ToHexStringLower(reader.ReadLengthDelimited());
                    break;
                case (5, WireType.LengthDelimited):
                    name = reader.ReadString();
                    break;
                case (6, WireType.Varint):
                    kind = (OtlpSpanKind)reader.ReadVarint();
                    break;
                case (9, WireType.LengthDelimited):
                    AddKeyValue(reader.ReadLengthDelimited(), attributes);
                    break;
                default:
                    reader.Skip(field, type);
                    break;
            }
        }

        return new OtlpSpan("", "", traceId, spanId, parentSpanId, name, kind, attributes);
    }

    /// <summary>Adds one KeyValue (key 1, value 2) whose value is a string, integer or boolean; other values are skipped.</summary>
    private static void AddKeyValue(ReadOnlySpan<byte> keyValue, Dictionary<string, string> attributes)
    {
        string? key = null, value = null;
        var reader = new ProtobufReader(keyValue);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, WireType.LengthDelimited):
                    key = reader.ReadString();
                    break;
                case (2, WireType.LengthDelimited):
                    value = ReadAnyValue(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(field, type);
                    break;
            }
        }

        if (key is not null && value is not null)
        {
            attributes[key] = value;
        }
    }

    /// <summary>AnyValue's string_value (1), bool_value (2) or int_value (3) as text; null for the kinds the tests never read.</summary>
    private static string? ReadAnyValue(ReadOnlySpan<byte> message)
    {
        string? value = null;
        var reader = new ProtobufReader(message);
        while (reader.TryReadTag(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, WireType.LengthDelimited):
                    value = reader.ReadString();
                    break;
                case (2, WireType.Varint):
                    value = reader.ReadVarint() != 0 ? "true" : "false";
                    break;
                case (3, WireType.Varint):
                    value = ((long)reader.ReadVarint()).ToString(CultureInfo.InvariantCulture);
                    break;
                default:
                    reader.Skip(field, type);
                    break;
            }
        }

        return value;
    }
}
