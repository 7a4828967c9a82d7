"""Single-sample predict latency as a server sees it, the same way in both PyTorch peers: 100 warm-up calls, then the
median of 1,000 calls of softmax(model(one)) without gradients, in milliseconds."""
import time
import torch

def median_ms(model, one):
    lat = []
    with torch.no_grad():
        for _ in range(100):
            torch.softmax(model(one), 1)
        for _ in range(1000):
            t0 = time.perf_counter()
            torch.softmax(model(one), 1)
            lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    return lat[len(lat) // 2]
