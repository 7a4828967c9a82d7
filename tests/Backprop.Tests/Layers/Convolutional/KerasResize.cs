using System.Globalization;
using Backprop.Tests.Serialization;

namespace Backprop.Tests.Layers.Convolutional;

/// <summary>
/// A second implementation of Keras's bilinear <c>ops.image.resize</c>, which UpSampling2D calls: Keras's own numpy
/// backend (keras/src/backend/numpy/image.py, <c>_resize</c>, <c>_scale_and_translate</c> and <c>_compute_weight_mat</c>
/// with the triangle kernel, the lines below copied from it).
/// </summary>
internal static class KerasResize
{
    private const string Script = """
import sys
import numpy as np

def _compute_weight_mat(input_size, output_size, scale, translation, kernel, antialias):
    dtype = np.result_type(scale, translation)
    inv_scale = 1.0 / scale
    kernel_scale = np.maximum(inv_scale, 1.0) if antialias else 1.0
    sample_f = (np.arange(output_size, dtype=dtype) + 0.5) * inv_scale - translation * inv_scale - 0.5
    x = np.abs(sample_f[np.newaxis, :] - np.arange(input_size, dtype=dtype)[:, np.newaxis]) / kernel_scale
    weights = kernel(x)
    total_weight_sum = np.sum(weights, axis=0, keepdims=True)
    weights = np.where(np.abs(total_weight_sum) > 1000.0 * np.finfo(np.float32).eps,
                       np.divide(weights, np.where(total_weight_sum != 0, total_weight_sum, 1)), 0)
    input_size_minus_0_5 = input_size - 0.5
    return np.where(np.logical_and(sample_f >= -0.5, sample_f <= input_size_minus_0_5)[np.newaxis, :], weights, 0)

def resize_bilinear(image, shape):
    kernel = lambda x: np.maximum(0, 1 - np.abs(x))
    spatial_dims = tuple(i for i in range(len(shape)) if image.shape[i] != shape[i])
    scale = [shape[d] / image.shape[d] if image.shape[d] != 0 else 1.0 for d in spatial_dims]
    output = image.copy()
    for i, d in enumerate(spatial_dims):
        d = d % image.ndim
        m, n = image.shape[d], shape[d]
        w = _compute_weight_mat(m, n, scale[i], 0.0, kernel, False).astype(output.dtype)
        output = np.tensordot(output, w, axes=(d, 0))
        output = np.moveaxis(output, -1, d)
    return output

lines = open(sys.argv[1]).read().split("\n")
shape = [int(v) for v in lines[0].split()]
rows, columns = int(lines[1]), int(lines[2])
images = np.array([float(v) for v in lines[3].split()], dtype="float32").reshape(shape)
out = resize_bilinear(images, (shape[0], shape[1] * rows, shape[2] * columns, shape[3]))
print(" ".join(repr(float(v)) for v in out.reshape(-1)))
""";

    public static void Require() => SystemPython.Require("numpy", "python3-numpy");

    /// <summary>Keras's numpy backend resizing channels-last images [N, H, W, C] to [N, H·rows, W·columns, C].</summary>
    public static float[] Run(float[] images, int[] shape, int rows, int columns)
    {
        string path = Path.Combine(Path.GetTempPath(), $"resize-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, string.Join('\n', string.Join(' ', shape), rows, columns,
            string.Join(' ', images.Select(f => f.ToString("R", CultureInfo.InvariantCulture)))));
        try
        {
            return SystemPython.RunChecked(Script, path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        }
        finally { File.Delete(path); }
    }
}
