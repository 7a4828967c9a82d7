using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// An element-wise function of two floats, at every width the driver runs (TensorPrimitives' IBinaryOperator
/// pattern): the scalar form for tails and broadcast scalars, and the 128/256/512-bit forms for the body. The four
/// forms must agree bit for bit, so a result never depends on where an element falls in a row.
/// </summary>
internal interface IBinaryOperator
{
    /// <summary>The operator's name, for messages ("add", "divide").</summary>
    static abstract string Name { get; }

    static abstract float Invoke(float x, float y);

    static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}

/// <summary>x + y.</summary>
internal readonly struct AddOperator : IBinaryOperator
{
    public static string Name => "add";
    public static float Invoke(float x, float y) => x + y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x + y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y;
}

/// <summary>x − y.</summary>
internal readonly struct SubtractOperator : IBinaryOperator
{
    public static string Name => "subtract";
    public static float Invoke(float x, float y) => x - y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x - y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x - y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x - y;
}

/// <summary>x × y.</summary>
internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static string Name => "multiply";
    public static float Invoke(float x, float y) => x * y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x * y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x * y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * y;
}

/// <summary>x ÷ y (IEEE: x/0 is ±∞, 0/0 is NaN).</summary>
internal readonly struct DivideOperator : IBinaryOperator
{
    public static string Name => "divide";
    public static float Invoke(float x, float y) => x / y;
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x / y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x / y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x / y;
}
