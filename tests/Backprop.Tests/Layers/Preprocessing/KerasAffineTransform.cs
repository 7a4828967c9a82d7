using System.Globalization;
using Backprop.Tests.Serialization;

namespace Backprop.Tests.Layers.Preprocessing;

/// <summary>
/// A second implementation of Keras's <c>ops.image.affine_transform</c>: Keras's own numpy backend
/// (keras/src/backend/numpy/image.py, <c>affine_transform</c> and <c>map_coordinates</c>, the lines below copied from it),
/// which pads the images and hands the coordinates to SciPy's <c>ndimage.map_coordinates</c>.
/// </summary>
internal static class KerasAffineTransform
{
    private const string Script = """
import sys
import numpy as np
import scipy.ndimage

def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0.0):
    padding = [
        (max(-np.floor(c.min()).astype(int) + 1, 0), max(np.ceil(c.max()).astype(int) + 1 - size, 0))
        for c, size in zip(coordinates, inputs.shape)
    ]
    shifted_coords = [c + p[0] for p, c in zip(padding, coordinates)]
    pad_mode = {"nearest": "edge", "mirror": "reflect", "reflect": "symmetric"}.get(fill_mode, fill_mode)
    if fill_mode == "constant":
        padded = np.pad(inputs, padding, mode=pad_mode, constant_values=fill_value)
    else:
        padded = np.pad(inputs, padding, mode=pad_mode)
    padded = padded.astype("float32")
    result = scipy.ndimage.map_coordinates(padded, shifted_coords, order=order, mode=fill_mode, cval=fill_value)
    return result.astype(inputs.dtype)

def affine_transform(images, transform, interpolation, fill_mode, fill_value):
    batch_size = images.shape[0]
    meshgrid = np.meshgrid(*[np.arange(size) for size in images.shape[1:]], indexing="ij")
    indices = np.concatenate([np.expand_dims(x, axis=-1) for x in meshgrid], axis=-1)
    indices = np.tile(indices, (batch_size, 1, 1, 1, 1))
    a0 = transform[:, 0].copy(); a2 = transform[:, 2].copy(); b1 = transform[:, 4].copy(); b2 = transform[:, 5].copy()
    transform[:, 0] = b1; transform[:, 2] = b2; transform[:, 4] = a0; transform[:, 5] = a2
    transform = np.pad(transform, pad_width=[[0, 0], [0, 1]], constant_values=1)
    transform = np.reshape(transform, (batch_size, 3, 3))
    offset = transform[:, 0:2, 2].copy()
    offset = np.pad(offset, pad_width=[[0, 0], [0, 1]])
    transform[:, 0:2, 2] = 0
    coordinates = np.einsum("Bhwij, Bjk -> Bhwik", indices, transform)
    coordinates = np.moveaxis(coordinates, source=-1, destination=1)
    coordinates += np.reshape(offset, (*offset.shape, 1, 1, 1))
    order = {"nearest": 0, "bilinear": 1}[interpolation]
    return np.stack([map_coordinates(images[i], coordinates[i], order=order, fill_mode=fill_mode, fill_value=fill_value)
                     for i in range(batch_size)], axis=0)

lines = open(sys.argv[1]).read().split("\n")
shape = [int(v) for v in lines[0].split()]
interpolation, fill_mode, fill_value = lines[1], lines[2], float(lines[3])
images = np.array([float(v) for v in lines[4].split()], dtype="float32").reshape(shape)
transform = np.array([float(v) for v in lines[5].split()], dtype="float32").reshape(shape[0], 8)
out = affine_transform(images, transform, interpolation, fill_mode, fill_value)
print(" ".join(repr(float(v)) for v in out.reshape(-1)))
""";

    public static void Require() => SystemPython.Require("scipy.ndimage", "python3-scipy");

    /// <summary>Keras's numpy backend on channels-last images [N, H, W, C] and N transforms of 8 numbers.</summary>
    public static float[] Run(float[] images, int[] shape, float[] transforms, string interpolation, string fillMode, float fillValue)
    {
        string path = Path.Combine(Path.GetTempPath(), $"affine-{Guid.NewGuid():N}.txt");
        string Join(IEnumerable<float> v) => string.Join(' ', v.Select(f => f.ToString("R", CultureInfo.InvariantCulture)));
        File.WriteAllText(path, string.Join('\n', string.Join(' ', shape), interpolation, fillMode, fillValue.ToString("R", CultureInfo.InvariantCulture), Join(images), Join(transforms)));
        try
        {
            return SystemPython.RunChecked(Script, path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        }
        finally { File.Delete(path); }
    }
}
