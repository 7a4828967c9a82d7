#!/usr/bin/env python3
"""The lecture's network in PyTorch, the same workload as `Backprop.Bench mlp`, printing the same JSON fields.

Needs Debian's python3-torch (and python3-numpy). Debian's torch calls the system BLAS through the
libblas.so.3 alternative: the reference BLAS unless OpenBLAS (libopenblas0) is installed; the script
reports which library the alternative points to. RMSprop is written out with Keras's formula
(epsilon inside the square root) for parity; torch.optim.RMSprop puts it outside.
Usage: python3 bench/peers/pytorch_mlp.py [--data DIR] [--epochs 5] [--threads N] [--seed 1]
"""
import argparse, gzip, json, os, platform, resource, struct, subprocess, sys, time
_started = time.perf_counter()   # after the interpreter's own start-up (a few tens of ms), before importing torch
import numpy as np

# The matrix products run in OpenBLAS, whose thread count must be set before torch loads it. torch's own
# intra-op threads stay at 1: with both at 2 the two pools fight over 2 cores (5.3 s per epoch measured
# here, against 2.8 s with OpenBLAS at 2 threads and torch at 1).
_threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else os.cpu_count()
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(_threads))
import torch  # noqa: E402
import one_image_latency  # noqa: E402  (beside this script)

def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)

def blas_in_use():
    try:
        out = subprocess.run(["update-alternatives", "--query", "libblas.so.3-x86_64-linux-gnu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Value:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--hidden", default="512", help="hidden layer widths, e.g. 1024,1024,1024")
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)

    t0 = time.perf_counter()
    # Scaled in place (x /= 255), as Backprop's scenario does: one float copy of the images, not two.
    x_train = torch.from_numpy(read_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32)).div_(255)
    y_train = torch.nn.functional.one_hot(torch.from_numpy(read_idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz")).astype(np.int64)), 10).float()
    x_test = torch.from_numpy(read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32)).div_(255)
    y_test = torch.from_numpy(read_idx(os.path.join(a.data, "t10k-labels-idx1-ubyte.gz")).astype(np.int64))
    load_s = time.perf_counter() - t0

    widths = [784] + [int(w) for w in a.hidden.split(",")]
    layers = []
    for width_in, width_out in zip(widths, widths[1:]):
        layers += [torch.nn.Linear(width_in, width_out), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers, torch.nn.Linear(widths[-1], 10))
    for layer in (m for m in model if isinstance(m, torch.nn.Linear)):
        torch.nn.init.xavier_uniform_(layer.weight)   # Keras's glorot_uniform
        torch.nn.init.zeros_(layer.bias)
    params = list(model.parameters())
    velocity = [torch.zeros_like(q) for q in params]
    lr, rho, eps = 1e-3, 0.9, 1e-7

    epoch_s = []
    first_step_s = None
    n = x_train.shape[0]
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        order = torch.randperm(n)
        for start in range(0, n, 128):
            idx = order[start:start + 128]
            logits = model(x_train[idx])
            loss = torch.nn.functional.cross_entropy(logits, y_train[idx].argmax(1))
            for q in params:
                q.grad = None
            loss.backward()
            with torch.no_grad():
                for q, v in zip(params, velocity):
                    v.mul_(rho).addcmul_(q.grad, q.grad, value=1 - rho)
                    q.sub_(lr * q.grad / torch.sqrt(v + eps))
            if first_step_s is None:
                first_step_s = time.perf_counter() - _started
        epoch_s.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, x_test.shape[0], 32):
            logits = model(x_test[start:start + 32])
            total_loss += torch.nn.functional.cross_entropy(logits, y_test[start:start + 32], reduction="sum").item()
            correct += (logits.argmax(1) == y_test[start:start + 32]).sum().item()
    evaluate_s = time.perf_counter() - t0

    predict_one_ms = one_image_latency.median_ms(model, x_test[:1])
    result = {
        "scenario": "mlp", "hidden": a.hidden, "library": f"PyTorch {torch.__version__}", "threads": a.threads, "blas": blas_in_use(),
        "data_load_s": round(load_s, 3), "epoch_s": [round(s, 3) for s in epoch_s],
        "median_epoch_s": round(sorted(epoch_s)[len(epoch_s) // 2], 3), "evaluate_s": round(evaluate_s, 3),
        "test_loss": round(total_loss / x_test.shape[0], 4), "test_accuracy": round(correct / x_test.shape[0], 4),
        "predict_one_median_ms": round(predict_one_ms, 4),
        "peak_working_set_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "start_to_first_step_s": round(first_step_s, 3),
        "allocated_bytes_per_step": None,
        "machine": {"cpu": platform.processor() or "unknown", "cores": os.cpu_count()},
    }
    print(json.dumps(result))

if __name__ == "__main__":
    main()
