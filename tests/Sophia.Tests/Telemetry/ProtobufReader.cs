using System.Buffers.Binary;
using System.Text;

namespace Sophia.Tests.Telemetry;

/// <summary>The protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure).</summary>
public enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>Reads protobuf wire format field by field: just enough to decode OTLP without a protobuf package.</summary>
public ref struct ProtobufReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly bool AtEnd => _position >= _buffer.Length;

    /// <summary>Reads the next field's tag; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (AtEnd)
        {
            (field, wireType) = (0, default);
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        if (field == 0 || wireType > WireType.Fixed32)
        {
            throw new InvalidDataException($"Invalid protobuf tag {tag} at offset {_position}.");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Take(1)[0];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Protobuf varint longer than 10 bytes.");
    }

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        return length > int.MaxValue ? throw new InvalidDataException($"Protobuf length {length} is too large.") : Take((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadLengthDelimited());

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>Skips the value of a field this reader does not decode, whatever its wire type.</summary>
    public void Skip(int field, WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            case WireType.StartGroup:
                // A group's fields run until the end-group tag with the same field number; groups nest.
                while (true)
                {
                    if (!TryReadTag(out var inner, out var innerType))
                    {
                        throw new InvalidDataException($"Protobuf group {field} is not closed.");
                    }

                    if (innerType == WireType.EndGroup)
                    {
                        if (inner != field)
                        {
                            throw new InvalidDataException($"Protobuf group {field} closed by end-group {inner}.");
                        }

                        return;
                    }

                    Skip(inner, innerType);
                }

            default:
                throw new InvalidDataException($"Unexpected protobuf end-group {field} at offset {_position}.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _buffer.Length - _position)
        {
            throw new InvalidDataException($"Protobuf message truncated: {count} bytes wanted at offset {_position} of {_buffer.Length}.");
        }

        var taken = _buffer.Slice(_position, count);
        _position += count;
        return taken;
    }
}
