"""PyTorch twin of bench/trainingRun.ts: the same MNIST MLP, optimizer and batches.

Usage: training_torch.py <mnist data dir> <steps> <repeats> <epochs>
Prints one JSON line: ms per step for each repeat, seconds for each full epoch.
Single-threaded like the issue's reference: torch.set_num_threads(1), OpenBLAS default.
"""
import json
import sys
import time

import numpy as np
import torch


def read_idx(path):
    data = open(path, "rb").read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def main():
    root, steps, repeats, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(1)
    torch.manual_seed(0)
    x = torch.from_numpy(read_idx(f"{root}/train-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255)
    y = torch.from_numpy(read_idx(f"{root}/train-labels-idx1-ubyte").astype(np.int64))
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    batch = 128

    def train(n_steps):
        perm = torch.randperm(x.shape[0])
        for s in range(n_steps):
            idx = perm[(s * batch) % x.shape[0]:][:batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()

    train(5)
    step_ms = []
    for _ in range(repeats):
        t = time.perf_counter()
        train(steps)
        step_ms.append((time.perf_counter() - t) * 1000 / steps)
    epoch_s = []
    per_epoch = (x.shape[0] + batch - 1) // batch
    for _ in range(epochs):
        t = time.perf_counter()
        train(per_epoch)
        epoch_s.append(time.perf_counter() - t)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "stepMs": step_ms, "epochSeconds": epoch_s}))


main()
