using Backprop.Layers;

namespace Backprop;

/// <summary>
/// A placeholder for a batch flowing through a model being built, Keras's <c>KerasTensor</c>: it has a shape but no
/// values, and remembers which layer call produced it. <see cref="Input"/> makes the first ones; calling a layer on
/// one (<see cref="Layer.Call(SymbolicTensor, bool?)"/>) returns the next, with its shape worked out; <c>new Model(inputs,
/// outputs)</c> turns the calls between them into a model.
/// <code>
/// var inputs = new Input(784);
/// var hidden = new Dense(64, activation: "relu").Call(inputs);
/// var model = new Model(inputs, new Dense(10, activation: "softmax").Call(hidden));
/// </code>
/// </summary>
public sealed class SymbolicTensor
{
    internal SymbolicTensor(int[] shape, Node producer, int outputIndex, string? name)
    {
        _shape = shape;
        Producer = producer;
        OutputIndex = outputIndex;
        Name = name;
    }

    /// <summary>The shape of one sample (without the batch axis, like every shape in Backprop): (None, 784) is [784].
    /// A copy, as <see cref="Tensor.Shape"/>.</summary>
    public int[] Shape => (int[])_shape.Clone();

    private readonly int[] _shape;

    /// <summary>The shape without a copy, for the library's own use (never changed once made).</summary>
    internal int[] ShapeArray => _shape;

    /// <summary>The name of the <see cref="Input"/> this tensor stands for, or null for a layer's output.</summary>
    public string? Name { get; }

    /// <summary>The layer call that produced it (Keras's <c>_keras_history</c>).</summary>
    internal Node Producer { get; }

    /// <summary>Which of the call's outputs this is (0 unless the layer is a model with several outputs).</summary>
    internal int OutputIndex { get; }

    /// <summary>The layer that produced it.</summary>
    public Layer Layer => Producer.Layer;

    /// <inheritdoc/>
    public override string ToString() =>
        $"<SymbolicTensor shape={Layer.FormatWithBatch(ShapeArray)}, produced by '{Producer.Layer.Name}'{(Name is null ? "" : $", name={Name}")}>";
}
