#!/usr/bin/env python3
"""Keras's "Simple MNIST convnet" in PyTorch, the same workload as `Backprop.Bench convnet`, printing the same JSON fields.

Conv2d(1, 32, 3) → ReLU → MaxPool2d(2) → Conv2d(32, 64, 3) → ReLU → MaxPool2d(2) → Flatten → Dropout(0.5) →
Linear(1600, 10), Keras's initialisers (glorot_uniform kernels, zero biases), Adam (lr 1e-3, eps 1e-7 as Keras),
crossentropy on the softmax, batch 128, shuffled each epoch, Fashion-MNIST scaled by 1/255. PyTorch runs its
convolutions in oneDNN with torch's own threads (--threads).
Usage: python3 bench/peers/pytorch_convnet.py [--data DIR] [--epochs 2] [--threads N] [--seed 1]
"""
import argparse, gzip, json, os, resource, struct, time
import numpy as np
import torch
import one_image_latency  # beside this script

def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x_train = torch.from_numpy(read_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz")).reshape(-1, 1, 28, 28).astype(np.float32)).div_(255)
    y_train = torch.from_numpy(read_idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    x_test = torch.from_numpy(read_idx(os.path.join(a.data, "t10k-images-idx3-ubyte.gz")).reshape(-1, 1, 28, 28).astype(np.float32)).div_(255)
    y_test = torch.from_numpy(read_idx(os.path.join(a.data, "t10k-labels-idx1-ubyte.gz")).astype(np.int64))
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Dropout(0.5), torch.nn.Linear(1600, 10))
    for m in model:
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x_train.shape[0]
    epoch_s = []
    for _ in range(a.epochs):
        model.train()
        t0 = time.perf_counter()
        order = torch.randperm(n)
        for start in range(0, n, 128):
            idx = order[start:start + 128]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
        epoch_s.append(time.perf_counter() - t0)
    model.eval()
    t0 = time.perf_counter()
    with torch.no_grad():
        correct, total_loss = 0, 0.0
        for start in range(0, x_test.shape[0], 128):
            logits = model(x_test[start:start + 128])
            total_loss += loss_fn(logits, y_test[start:start + 128]).item() * logits.shape[0]
            correct += (logits.argmax(1) == y_test[start:start + 128]).sum().item()
    evaluate_s = time.perf_counter() - t0
    predict_one_ms = one_image_latency.median_ms(model, x_test[:1])
    print(json.dumps({"scenario": "convnet", "library": "PyTorch " + torch.__version__, "threads": a.threads,
                      "epoch_s": [round(s, 3) for s in epoch_s], "median_epoch_s": round(sorted(epoch_s)[len(epoch_s) // 2], 3),
                      "evaluate_s": round(evaluate_s, 3), "test_loss": round(total_loss / x_test.shape[0], 4),
                      "test_accuracy": round(correct / x_test.shape[0], 4), "predict_one_median_ms": round(predict_one_ms, 4),
                      "peak_working_set_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))

if __name__ == "__main__":
    main()
