using System.Buffers.Binary;
using System.Text;

namespace Sophia.Tests.Telemetry;

public sealed class OtlpTraceReaderTests
{
    private static readonly byte[] TraceId = Convert.FromHexString("0af7651916cd43dd8448eb211c80319c");
    private static readonly byte[] ServerSpanId = Convert.FromHexString("b7ad6b7169203331");
    private static readonly byte[] ClientSpanId = Convert.FromHexString("00f067aa0ba902b7");

    [Fact]
    public void Spans_are_read_with_their_service_and_scope_and_every_other_field_is_skipped()
    {
        var request = new Message()
            .WithNoise()
            .Nested(1, new Message()
                .WithNoise()
                .Nested(1, Resource("sophia-gateway"))
                .Nested(2, new Message()
                    .Nested(1, new Message().String(1, "Microsoft.AspNetCore").String(2, "10.0.0").WithNoise())
                    .Nested(2, Span(TraceId, ServerSpanId, parent: null, "POST /api/conversations/{id}/messages", kind: 2)
                        .Nested(9, Attribute("http.request.method", new Message().String(1, "POST")))
                        .Nested(9, Attribute("server.port", new Message().Varint(3, 5080)))
                        .Nested(9, Attribute("http.ok", new Message().Varint(2, 1)))
                        .Nested(9, Attribute("http.duration", new Message().Fixed64(4, BitConverter.DoubleToUInt64Bits(1.5)))))
                    .String(3, "https://opentelemetry.io/schemas/1.23.0"))
                .String(3, "https://opentelemetry.io/schemas/1.23.0"))
            .Nested(1, new Message()
                // scope_spans before resource, and the scope after its span: the wire allows any order.
                .Nested(2, new Message()
                    .Nested(2, Span(TraceId, ClientSpanId, ServerSpanId, "POST", kind: 3))
                    .Nested(1, new Message().String(1, "System.Net.Http")))
                .Nested(1, Resource("sophia-silo")))
            .WithNoise()
            .ToArray();

        var spans = OtlpTraceReader.Read(request);

        Assert.Equal(2, spans.Count);
        var server = spans[0];
        Assert.Equal(
            ("sophia-gateway", "Microsoft.AspNetCore", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "", "POST /api/conversations/{id}/messages", OtlpSpanKind.Server),
            (server.Service, server.Scope, server.TraceId, server.SpanId, server.ParentSpanId, server.Name, server.Kind));
        Assert.Equal("POST", server.Attribute("http.request.method"));
        Assert.Equal("5080", server.Attribute("server.port"));
        Assert.Equal("true", server.Attribute("http.ok"));
        Assert.Null(server.Attribute("http.duration"));
        var client = spans[1];
        Assert.Equal(
            ("sophia-silo", "System.Net.Http", "0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7", "b7ad6b7169203331", "POST", OtlpSpanKind.Client),
            (client.Service, client.Scope, client.TraceId, client.SpanId, client.ParentSpanId, client.Name, client.Kind));
    }

    [Fact]
    public void An_empty_request_has_no_spans() => Assert.Empty(OtlpTraceReader.Read([]));

    [Fact]
    public void A_truncated_request_is_rejected()
    {
        var request = new Message().Nested(1, new Message().Nested(1, Resource("sophia-silo"))).ToArray();

        Assert.Throws<InvalidDataException>(() => OtlpTraceReader.Read(request.AsSpan(0, request.Length - 3)));
    }

    [Fact]
    public void A_group_closed_by_another_field_number_is_rejected()
    {
        var request = new Message().Tag(7, WireType.StartGroup).Varint(1, 1).Tag(8, WireType.EndGroup).ToArray();

        Assert.Throws<InvalidDataException>(() => OtlpTraceReader.Read(request));
    }

    private static Message Resource(string service) => new Message()
        .Nested(1, Attribute("telemetry.sdk.language", new Message().String(1, "dotnet")))
        .Nested(1, Attribute("service.name", new Message().String(1, service).WithNoise()).WithNoise())
        .Varint(2, 0)
        .WithNoise();

    private static Message Attribute(string key, Message anyValue) => new Message().String(1, key).Nested(2, anyValue);

    private static Message Span(byte[] traceId, byte[] spanId, byte[]? parent, string name, int kind)
    {
        var span = new Message().Bytes(1, traceId).Bytes(2, spanId).String(3, "vendor=state");
        if (parent is not null)
        {
            span.Bytes(4, parent);
        }

        return span.String(5, name).Varint(6, (ulong)kind).Fixed64(7, 1_700_000_000_000_000_000).Fixed64(8, 1_700_000_000_500_000_000)
            .Nested(11, new Message().Fixed64(1, 1).String(2, "event")).Nested(15, new Message().Varint(1, 0)).Fixed32(16, 0x101)
            .WithNoise();
    }

    /// <summary>Builds protobuf wire format by hand, unknown fields and groups included.</summary>
    private sealed class Message
    {
        private readonly MemoryStream _bytes = new();

        public Message Tag(int field, WireType type) => Raw((ulong)field << 3 | (ulong)type);

        public Message Varint(int field, ulong value) => Tag(field, WireType.Varint).Raw(value);

        public Message Fixed64(int field, ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            Tag(field, WireType.Fixed64)._bytes.Write(bytes);
            return this;
        }

        public Message Fixed32(int field, uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            Tag(field, WireType.Fixed32)._bytes.Write(bytes);
            return this;
        }

        public Message Bytes(int field, byte[] value)
        {
            Tag(field, WireType.LengthDelimited).Raw((ulong)value.Length)._bytes.Write(value);
            return this;
        }

        public Message String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Message Nested(int field, Message message) => Bytes(field, message.ToArray());

        public Message Group(int field, Message content)
        {
            Tag(field, WireType.StartGroup)._bytes.Write(content.ToArray());
            return Tag(field, WireType.EndGroup);
        }

        /// <summary>Fields of every wire type under numbers OTLP does not use, with multi-byte tags and values, and a nested group.</summary>
        public Message WithNoise() => Varint(1000, ulong.MaxValue)
            .Fixed64(1001, 0x0102030405060708)
            .String(1002, "ignored \u00e9")
            .Group(1003, new Message().Varint(1, 300).Group(2, new Message().Fixed32(1, 7)).String(3, "in a group"))
            .Fixed32(1004, uint.MaxValue);

        public byte[] ToArray() => _bytes.ToArray();

        private Message Raw(ulong varint)
        {
            do
            {
                var low = (byte)(varint & 0x7F);
                varint >>= 7;
                _bytes.WriteByte(varint == 0 ? low : (byte)(low | 0x80));
            }
            while (varint != 0);

            return this;
        }
    }
}
