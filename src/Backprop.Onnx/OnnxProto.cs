using Google.Protobuf;

namespace Backprop.Onnx;

/// <summary>
/// The few ONNX messages an exported model needs (field numbers from onnx/onnx.proto), written with
/// protobuf's <see cref="CodedOutputStream"/>. Each message is built as bytes and embedded length-delimited
/// in its parent, which is simple and fast enough for models of a few hundred megabytes.
/// </summary>
internal static class OnnxProto
{
    public const int FloatType = 1;   // TensorProto.DataType.FLOAT
    public const int Int64Type = 7;   // TensorProto.DataType.INT64

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }

    private static void Embedded(CodedOutputStream o, int field, byte[] message)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(message));
    }

    private static void String(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    private static void Int64(CodedOutputStream o, int field, long value)
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt64(value);
    }

    /// <summary>ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8.</summary>
    public static byte[] Model(long irVersion, string producer, string producerVersion, byte[] graph, long opset) => Message(o =>
    {
        Int64(o, 1, irVersion);
        String(o, 2, producer);
        String(o, 3, producerVersion);
        Embedded(o, 7, graph);
        Embedded(o, 8, Message(s => Int64(s, 2, opset)));   // OperatorSetIdProto: default domain, version 2
    });

    /// <summary>GraphProto: node 1, name 2, initializer 5, input 11, output 12.</summary>
    public static byte[] Graph(string name, IEnumerable<byte[]> nodes, IEnumerable<byte[]> initializers, IEnumerable<byte[]> inputs, IEnumerable<byte[]> outputs) => Message(o =>
    {
        foreach (byte[] node in nodes) Embedded(o, 1, node);
        String(o, 2, name);
        foreach (byte[] tensor in initializers) Embedded(o, 5, tensor);
        foreach (byte[] input in inputs) Embedded(o, 11, input);
        foreach (byte[] output in outputs) Embedded(o, 12, output);
    });

    /// <summary>NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.</summary>
    public static byte[] Node(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, IEnumerable<byte[]> attributes) => Message(o =>
    {
        foreach (string input in inputs) String(o, 1, input);
        foreach (string output in outputs) String(o, 2, output);
        String(o, 3, name);
        String(o, 4, opType);
        foreach (byte[] attribute in attributes) Embedded(o, 5, attribute);
    });

    /// <summary>AttributeProto with a float: name 1, f 2, type 20 = FLOAT (1).</summary>
    public static byte[] FloatAttribute(string name, float value) => Message(o =>
    {
        String(o, 1, name);
        o.WriteTag(2, WireFormat.WireType.Fixed32);
        o.WriteFloat(value);
        Int64(o, 20, 1);
    });

    /// <summary>AttributeProto with an integer: name 1, i 3, type 20 = INT (2).</summary>
    public static byte[] IntAttribute(string name, long value) => Message(o =>
    {
        String(o, 1, name);
        Int64(o, 3, value);
        Int64(o, 20, 2);
    });

    /// <summary>AttributeProto with a string: name 1, s 4 (UTF-8 bytes), type 20 = STRING (3).</summary>
    public static byte[] StringAttribute(string name, string value) => Message(o =>
    {
        String(o, 1, name);
        String(o, 4, value);
        Int64(o, 20, 3);
    });

    /// <summary>AttributeProto with integers: name 1, ints 8, type 20 = INTS (7).</summary>
    public static byte[] IntsAttribute(string name, IEnumerable<long> values) => Message(o =>
    {
        String(o, 1, name);
        foreach (long v in values) Int64(o, 8, v);
        Int64(o, 20, 7);
    });

    /// <summary>TensorProto of floats: dims 1, data_type 2, name 8, raw_data 9 (little-endian).</summary>
    public static byte[] FloatTensor(string name, int[] dims, ReadOnlySpan<float> values)
    {
        byte[] raw = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX export needs a little-endian machine.");
        return Message(o =>
        {
            foreach (int d in dims) Int64(o, 1, d);
            Int64(o, 2, FloatType);
            String(o, 8, name);
            o.WriteTag(9, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(raw));
        });
    }

    /// <summary>TensorProto of int64: dims 1, data_type 2, int64_data 7 (packed), name 8.</summary>
    public static byte[] Int64Tensor(string name, long[] values) => Message(o =>
    {
        Int64(o, 1, values.Length);
        Int64(o, 2, Int64Type);
        o.WriteTag(7, WireFormat.WireType.LengthDelimited);
        o.WriteLength(values.Sum(v => CodedOutputStream.ComputeInt64Size(v)));
        foreach (long v in values) o.WriteInt64(v);
        String(o, 8, name);
    });

    /// <summary>ValueInfoProto (name 1, type 2) of a float tensor whose first dimension is the symbolic batch size.</summary>
    public static byte[] FloatValueInfo(string name, string batchDimension, int[] featureShape) => Message(o =>
    {
        String(o, 1, name);
        byte[] shape = Message(s =>
        {
            Embedded(s, 1, Message(d => String(d, 2, batchDimension)));
            foreach (int size in featureShape) Embedded(s, 1, Message(d => Int64(d, 1, size)));
        });
        byte[] tensorType = Message(t =>
        {
            t.WriteTag(1, WireFormat.WireType.Varint);
            t.WriteInt32(FloatType);
            Embedded(t, 2, shape);
        });
        Embedded(o, 2, Message(t => Embedded(t, 1, tensorType)));
    });
}
