using System.Runtime.CompilerServices;
using Backprop.Autograd;

namespace Backprop;

/// <summary>
/// A float32, row-major, contiguous n-dimensional array that records the operations applied to it
/// when <see cref="RequiresGrad"/> is set, so that <see cref="Backward"/> can compute gradients.
/// </summary>
/// <remarks>
/// A tensor is a window (<c>offset</c>, <c>size</c>) on a float array; <see cref="Rows"/> and
/// <see cref="Reshape"/> return views that share the array. Memory is managed by the garbage
/// collector: nothing needs to be disposed.
/// <code>
/// var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
/// Console.WriteLine(t.Sum(axis: 1));   // Tensor shape=[2] [6, 15]
/// </code>
/// </remarks>
public sealed partial class Tensor
{
    // Storage rules (docs/architecture.md, "Tensor storage"), written here once:
    // - Allocation. Inside the library a tensor is made by `new Tensor(shape)` (zeroed) or `Uninitialized(shape)` (for an
    //   operation that overwrites every element); both take the step arena's recycled buffer inside a training step and
    //   allocate otherwise. `Persistent(shape)` is for what must outlive a step (weights' gradients, state). Public
    //   creation (`FromArray`, `Zeros`, `Full`, …) wraps or allocates outside any arena rule the caller must know.
    // - Shapes. A shape array, once a tensor holds it, is never written by anyone: tensors may share one, and the library
    //   passes `ShapeRef` to new tensors without copying. Arrays that come from a caller are copied on the way in
    //   (`FromArray`, `Zeros`, `Reshape`), and `Shape` hands callers a copy.
    // - Access. Only Ops/, Kernels/ and these Tensor*.cs files read `Data`, `Offset` or `Span`; everything else goes
    //   through operations or the copy-in/copy-out members of TensorCopies.cs (checked by StorageSeamTests).
    internal readonly float[] Data;
    internal readonly int Offset;
    private readonly int[] _shape;
    private bool _requiresGrad;

    internal Tensor(float[] data, int offset, int[] shape)
    {
        Data = data;
        Offset = offset;
        _shape = shape;
        Size = ShapeMath.SizeOf(shape);
    }

    internal Tensor(int[] shape) : this(Storage(ShapeMath.CheckedSize(shape)), 0, shape) { }

    private static float[] Storage(int size) => TensorArena.Rent(size) ?? new float[size];

    /// <summary>A tensor whose elements are not cleared, for operations that overwrite every element.</summary>
    internal static Tensor Uninitialized(int[] shape)
    {
        int size = ShapeMath.CheckedSize(shape);
        return TensorArena.RentTensor(shape, shape, size, clear: false) ?? new Tensor(GC.AllocateUninitializedArray<float>(size), 0, shape);
    }

    /// <summary>As <see cref="Uninitialized(int[])"/> for a shape written in place (a collection expression, which then
    /// lives on the stack): a step that gets back its previous tensor allocates no shape array either.</summary>
    internal static Tensor Uninitialized(ReadOnlySpan<int> shape)
    {
        int size = ShapeMath.CheckedSize(shape);
        return TensorArena.RentTensor(shape, null, size, clear: false) ?? new Tensor(GC.AllocateUninitializedArray<float>(size), 0, shape.ToArray());
    }

    /// <summary>A tensor over a step arena's buffer, which the arena hands out again in later steps (see <see cref="TensorArena"/>).</summary>
    internal static Tensor InArena(float[] buffer, int[] shape, ArenaSlot slot) => new(buffer, 0, shape) { ArenaSlot = slot };

    /// <summary>A view of another arena tensor's storage, recycled with it (see <see cref="Ops.ShapeOps.Reshape"/>).</summary>
    internal static Tensor ArenaView(float[] data, int offset, int[] shape, ArenaSlot slot) => new(data, offset, shape) { ArenaSlot = slot };

    /// <summary>The arena's record of a tensor it recycles; null for every other tensor.</summary>
    internal ArenaSlot? ArenaSlot { get; private init; }

    /// <summary>Forgets the autograd state of a tensor the arena hands out again in a new step.</summary>
    internal void ResetForReuse()
    {
        _requiresGrad = false;
        _grad = null;
        _gradPendingZero = false;
        GradIsReluMasked = false;
        Node = null;
        if (Logits is not null) ArenaSlot!.SpareLogits = Logits;
        Logits = null;
    }

    /// <summary>A zero tensor that never comes from a training step's arena (gradients of weights, state that outlives a step).</summary>
    internal static Tensor Persistent(int[] shape) => new(new float[ShapeMath.CheckedSize(shape)], 0, shape);

    /// <summary>The dimensions, outermost first. A copy: changing it does not change the tensor.</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The dimensions without a copy, for the library's own hot paths.</summary>
    internal int[] ShapeRef => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements (the product of the dimensions).</summary>
    public int Size { get; }

    /// <summary>The elements as a span over the shared storage (row-major).</summary>
    internal Span<float> Span => Data.AsSpan(Offset, Size);

    /// <summary>Whether operations on this tensor are recorded for <see cref="Backward"/>.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!value && Node is not null)
                throw new InvalidOperationException("RequiresGrad can only be cleared on a leaf tensor; use Detach() on the result of an operation.");
            _requiresGrad = value;
        }
    }

    /// <summary>The gradient accumulated by <see cref="Backward"/>, or null before any.</summary>
    public Tensor? Grad
    {
        get
        {
            if (_gradPendingZero) MaterializeZeroGrad();
            return _grad;
        }
        internal set
        {
            _grad = value;
            _gradPendingZero = false;
            GradIsReluMasked = false;
        }
    }

    /// <summary>
    /// True while <see cref="Grad"/> holds only contributions already masked by relu's derivative at this tensor's values
    /// (zero wherever the value is not positive): the op that produced this tensor with a fused relu can then use the
    /// gradient as it is, and skip a pass over it. Set by a writer that filled a fresh buffer whole that way (max pooling
    /// whose input is a relu output); any later writer clears it, through <see cref="GradForWriting"/>.
    /// </summary>
    internal bool GradIsReluMasked { get; set; }

    private Tensor? _grad;

    // ZeroGrad only marks the gradient as zero; the next reader clears it, unless the next writer overwrites it
    // whole (a weight-gradient GEMM with β = 0), which saves a pass over every weight per training step.
    private bool _gradPendingZero;

    private void MaterializeZeroGrad()
    {
        _grad!.Clear();
        _gradPendingZero = false;
    }

    /// <summary>The gradient buffer for a writer that will overwrite all of it when it is logically zero:
    /// <paramref name="overwrite"/> says so (then nothing was cleared), else the writer must accumulate.</summary>
    internal Tensor? GradForWriting(out bool overwrite)
    {
        overwrite = _gradPendingZero;
        _gradPendingZero = false;
        GradIsReluMasked = false;
        return _grad;
    }

    /// <summary>The operation that produced this tensor, while it is part of a recorded graph.</summary>
    internal BackwardNode? Node { get; set; }

    /// <summary>The logits this tensor is the softmax or sigmoid of, when an activation attached them (owned by the ops:
    /// see <see cref="Ops.LogitsOrigin"/>).</summary>
    internal Ops.LogitsOrigin? Logits { get; set; }

    /// <summary>True for a tensor not produced by a recorded operation (weights, inputs).</summary>
    public bool IsLeaf => Node is null;

    /// <summary>Size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[ShapeMath.NormalizeAxis(axis, Rank)];

    /// <summary>Creates a tensor holding <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape does not hold exactly <c>data.Length</c> elements.</exception>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Length == 0) shape = [data.Length];
        int[] resolved = ShapeMath.ResolveReshape(shape, data.Length);
        return new Tensor(data, 0, resolved);
    }

    /// <summary>Creates a [rows, cols] tensor from a rectangular array (copied).</summary>
    public static Tensor FromArray(float[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int rows = data.GetLength(0), cols = data.GetLength(1);
        var result = new Tensor([rows, cols]);
        int k = 0;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                result.Data[k++] = data[i, j];
        return result;
    }

    /// <summary>A scalar (rank-0) tensor.</summary>
    public static Tensor Scalar(float value) => new([value], 0, []);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => new(NonEmpty(shape));

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = new Tensor(NonEmpty(shape));
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A tensor of zeros with the shape of <paramref name="other"/>.</summary>
    public static Tensor ZerosLike(Tensor other) => new(other._shape);

    /// <summary>Uniform samples in [<paramref name="min"/>, <paramref name="max"/>) from the generator behind <see cref="Utils.SetRandomSeed"/>.</summary>
    public static Tensor RandomUniform(int[] shape, float min = 0f, float max = 1f)
    {
        var t = new Tensor(NonEmpty(shape));
        RandomSource.FillUniform(t.Span, min, max);
        return t;
    }

    /// <summary>Normal samples with the given mean and standard deviation from the generator behind <see cref="Utils.SetRandomSeed"/>.</summary>
    public static Tensor RandomNormal(int[] shape, float mean = 0f, float stddev = 1f)
    {
        var t = new Tensor(NonEmpty(shape));
        RandomSource.FillNormal(t.Span, mean, stddev);
        return t;
    }

    /// <summary>A tensor of the given shape (scalars included) filled with one value, for the library's own use.</summary>
    internal static Tensor Filled(float value, int[] shape)
    {
        var t = new Tensor((int[])shape.Clone());
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A copy of a creation shape; an empty one is a mistake (a scalar is made by <see cref="Scalar"/>).</summary>
    private static int[] NonEmpty(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0)
            throw new ArgumentException("The shape is empty: give at least one dimension (use Tensor.Scalar for a rank-0 tensor).", nameof(shape));
        return (int[])shape.Clone();
    }

    /// <summary>The element at the given indices (one per dimension; negative indices are not allowed).</summary>
    [IndexerName("Element")]
    public float this[params int[] indices]
    {
        get => Data[Offset + FlatIndex(indices)];
        set => Data[Offset + FlatIndex(indices)] = value;
    }

    /// <summary>
    /// The rows (first-axis entries) a C# range selects, as a view: NumPy's <c>x[:1000]</c> is <c>x[..1000]</c>, and one
    /// row <c>x[i..(i + 1)]</c>. A single integer index is not a row here: <c>x[i]</c> with as many indices as axes is
    /// the element (a float), so that the indexer keeps one meaning; the error for too few indices says so.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the first axis.</exception>
    [IndexerName("Element")]
    public Tensor this[Range rows]
    {
        get
        {
            if (Rank == 0) throw new ArgumentException("A range selects rows; a scalar tensor has none.", nameof(rows));
            (int start, int length) = rows.GetOffsetAndLength(_shape[0]);
            return Rows(start, length);
        }
    }

    private int FlatIndex(int[] indices)
    {
        if (indices.Length != Rank)
            throw new ArgumentException($"Expected {Rank} indices for a tensor of shape {ShapeMath.Format(_shape)}, got {indices.Length}."
                + (indices.Length < Rank && Rank > 1 ? $" The indexer reads one element; for rows use a range, x[{(indices.Length == 1 ? indices[0] : 0)}..{(indices.Length == 1 ? indices[0] + 1 : 1)}], or Rows(start, count)." : ""), nameof(indices));
        int flat = 0;
        for (int d = 0; d < indices.Length; d++)
        {
            if ((uint)indices[d] >= (uint)_shape[d])
                throw new IndexOutOfRangeException($"Index {indices[d]} is out of range for axis {d} of size {_shape[d]} (shape {ShapeMath.Format(_shape)}).");
            flat = flat * _shape[d] + indices[d];
        }
        return flat;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Size != 1)
            throw new InvalidOperationException($"Item() needs a tensor with one element, got shape {ShapeMath.Format(_shape)}.");
        return Data[Offset];
    }

    /// <summary>A copy of the elements in row-major order.</summary>
    public float[] ToArray() => Span.ToArray();

    /// <summary>A copy with its own storage, not connected to the graph.</summary>
    public Tensor Clone()
    {
        Tensor t = Uninitialized(_shape);
        Span.CopyTo(t.Span);
        return t;
    }

    /// <summary>The same storage, cut from the recorded graph (no gradient flows through it).</summary>
    public Tensor Detach() => new(Data, Offset, _shape);

    /// <summary>
    /// A view of rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>)
    /// along the first axis, sharing storage (no copy). Batching uses it.
    /// </summary>
    public Tensor Rows(int start, int count)
    {
        if (Rank == 0) throw new InvalidOperationException("Rows() needs a tensor of rank 1 or more, got a scalar.");
        if (start < 0 || count < 0 || (long)start + count > _shape[0])
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows [{start}, {(long)start + count}) are out of range for a first axis of size {_shape[0]}.");
        int[] shape = (int[])_shape.Clone();
        shape[0] = count;
        int rowSize = _shape[0] == 0 ? 0 : Size / _shape[0];
        return new Tensor(Data, Offset + start * rowSize, shape);
    }

    /// <summary>Sets every element to zero, in place.</summary>
    internal void Clear() => Span.Clear();

    /// <summary>Clears the gradient in place (keeps its storage so steady-state training allocates nothing).</summary>
    public void ZeroGrad()
    {
        if (_grad is not null) _gradPendingZero = true;
    }

    /// <inheritdoc/>
    public override string ToString() => TensorFormatter.Format(this);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool SameShape(Tensor other) => ShapeMath.Equal(_shape, other._shape);
}
