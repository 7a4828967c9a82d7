using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>Prints a tensor like NumPy: shape first, nested brackets, large axes elided with "...".</summary>
internal static class TensorFormatter
{
    private const int EdgeItems = 3;
    private const int ElideAbove = 1000;

    public static string Format(Tensor t)
    {
        var sb = new StringBuilder();
        sb.Append("Tensor shape=").Append(ShapeMath.Format(t.ShapeRef)).Append(' ');
        if (t.Rank == 0) { sb.Append(Number(t.Data[t.Offset])); return sb.ToString(); }
        bool elide = t.Size > ElideAbove;
        AppendAxis(sb, t, 0, t.Offset, elide);
        return sb.ToString();
    }

    private static void AppendAxis(StringBuilder sb, Tensor t, int axis, int offset, bool elide)
    {
        int[] shape = t.ShapeRef;
        int stride = 1;
        for (int i = axis + 1; i < shape.Length; i++) stride *= shape[i];
        sb.Append('[');
        int n = shape[axis];
        for (int i = 0; i < n; i++)
        {
            if (elide && n > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append("...");
                i = n - EdgeItems - 1;
                sb.Append(axis == shape.Length - 1 ? ", " : ",\n" + new string(' ', 14 + axis + ShapeMath.Format(shape).Length));
                continue;
            }
            if (axis == shape.Length - 1) sb.Append(Number(t.Data[offset + i]));
            else AppendAxis(sb, t, axis + 1, offset + i * stride, elide);
            if (i < n - 1) sb.Append(axis == shape.Length - 1 ? ", " : ",\n" + new string(' ', 14 + axis + ShapeMath.Format(shape).Length));
        }
        sb.Append(']');
    }

    private static string Number(float v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
