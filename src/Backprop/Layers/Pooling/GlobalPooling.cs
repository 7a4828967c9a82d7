namespace Backprop.Layers;

/// <summary>
/// What Keras's global pooling layers share (keras/src/layers/pooling/base_global_pooling.py): the mean or maximum over
/// every spatial axis, per channel: [batch, s…, channels] → [batch, channels], or [batch, 1…, channels] with
/// <c>keepdims</c> (channels first: over the axes after the channels).
/// </summary>
public abstract class GlobalPooling : Layer
{
    private protected GlobalPooling(int rank, string? dataFormat, bool keepdims, string? name) : base(name)
    {
        (Rank, DataFormat, Keepdims) = (rank, ImageFormat.Check(dataFormat), keepdims);
    }

    /// <summary>Number of spatial axes (1 or 2).</summary>
    public int Rank { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }
    /// <summary>Whether the spatial axes stay, with size 1.</summary>
    public bool Keepdims { get; }

    private protected abstract bool IsMax { get; }

    /// <inheritdoc/>
    protected override void OnBuild(int[] inputShape)
    {
        if (inputShape.Length != Rank + 1)
            throw new ArgumentException($"{GetType().Name} '{Name}' expects inputs of rank {Rank + 2}, got {FormatWithBatch(inputShape)}.");
    }

    /// <inheritdoc/>
    public override int[] ComputeOutputShape(int[] inputShape)
    {
        int channels = DataFormat == "channels_last" ? inputShape[^1] : inputShape[0];
        if (!Keepdims) return [channels];
        int[] ones = Enumerable.Repeat(1, Rank).ToArray();
        return DataFormat == "channels_last" ? [.. ones, channels] : [channels, .. ones];
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        int n = inputs.Dim(0);
        bool last = DataFormat == "channels_last";
        int channels = last ? inputs.Dim(-1) : inputs.Dim(1);
        Tensor flat = last ? inputs.Reshape(n, -1, channels) : inputs.Reshape(n, channels, -1);
        int axis = last ? 1 : 2;
        Tensor y = IsMax ? flat.Max(axis) : flat.Mean(axis);
        return Keepdims ? y.Reshape([n, .. ComputeOutputShape(inputs.ShapeRef[1..])]) : y;
    }

    /// <inheritdoc/>
    public override IDictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["data_format"] = DataFormat;
        config["keepdims"] = Keepdims;
        return config;
    }
}
