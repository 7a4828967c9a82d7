namespace Backprop;

// Where the intermediate tensors of PredictOnBatch and Predict live. Those calls may run on many threads at once (a web
// server's case), so each calling thread recycles its own step buffers through its own arena, as a training step does
// through the model's: a call's i-th tensor reuses the array of the previous same-sized call's i-th tensor. Without
// this, every one-image call of a convnet allocated its feature maps anew, and the first (86,528 bytes for Keras's
// MNIST convnet) went to the large object heap, which only a full collection frees: 1,000 calls raised the process's
// peak working set from 272 MB to 637-673 MB. A thread keeps its buffers while the model lives (at most four batch
// sizes' worth, like the training arena); the output a caller gets is always a copy outside the arena.
public partial class Model
{
    private readonly ThreadLocal<Autograd.TensorArena> _inferenceArenas = new(() => new Autograd.TensorArena());

    /// <summary>Starts an inference step of <paramref name="rows"/> rows in the calling thread's arena; nothing made
    /// inside may be kept past the step (copy the output out after it ends).</summary>
    internal Autograd.TensorArena.StepScope BeginInferenceStep(int rows) => _inferenceArenas.Value!.BeginStep(-rows);
}
