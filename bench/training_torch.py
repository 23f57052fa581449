"""PyTorch twin of bench/trainingRun.ts: the same workloads (models, optimizer, batches).

Usage: training_torch.py <mnist data dir> <workload> <threads> <steps> <repeats> <epochs>
Prints one JSON line: ms per step for each repeat, seconds for each full epoch, test accuracy.
Workloads: mlp, mlp-dense, convnet, lstm (see bench/trainingWorkloads.ts).
"""
import json
import sys
import time

import numpy as np
import torch

SEQUENCE = {"steps": 20, "features": 8, "units": 32, "samples": 12_800}


def read_idx(path):
    data = open(path, "rb").read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def mnist(root, split, shape):
    prefix = "train" if split == "train" else "t10k"
    x = torch.from_numpy(read_idx(f"{root}/{prefix}-images-idx3-ubyte").reshape(-1, *shape).astype(np.float32) / 255)
    y = torch.from_numpy(read_idx(f"{root}/{prefix}-labels-idx1-ubyte").astype(np.int64))
    return x, y


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))


class Convnet(torch.nn.Module):
    """DLwP ch. 5's small convnet, channels first as PyTorch has them."""

    def __init__(self):
        super().__init__()
        nn = torch.nn
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.features(x)


class SequenceClassifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(SEQUENCE["features"], SEQUENCE["units"], batch_first=True)
        self.out = torch.nn.Linear(SEQUENCE["units"], 2)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.out(h[-1])


def workload(name, root):
    """(model, batch, train x, train y, test x or None, test y or None)."""
    rng = np.random.default_rng(0)
    if name == "mlp":
        x, y = mnist(root, "train", (784,))
        tx, ty = mnist(root, "test", (784,))
        return mlp(), 128, x, y, tx, ty
    if name == "mlp-dense":
        x = torch.from_numpy(rng.random((60_000, 784), dtype=np.float32))
        y = torch.from_numpy(rng.integers(0, 10, 60_000))
        return mlp(), 128, x, y, None, None
    if name == "convnet":
        x, y = mnist(root, "train", (1, 28, 28))
        tx, ty = mnist(root, "test", (1, 28, 28))
        return Convnet(), 64, x, y, tx, ty
    if name == "lstm":
        s = SEQUENCE
        x = torch.from_numpy(rng.random((s["samples"], s["steps"], s["features"]), dtype=np.float32) * 2 - 1)
        y = (x[:, :, 0].sum(dim=1) > 0).long()
        return SequenceClassifier(), 64, x, y, None, None
    raise SystemExit(f"unknown workload {name}")


def main():
    root, name, threads, steps, repeats, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model, batch, x, y, tx, ty = workload(name, root)
    # Keras's RMSprop: rho 0.9, epsilon 1e-7.
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()

    def train(n_steps):
        model.train()
        perm = torch.randperm(x.shape[0])
        for s in range(n_steps):
            idx = perm[(s * batch) % x.shape[0]:][:batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()

    train(20)
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
    accuracy = None
    if epochs and tx is not None:
        model.eval()
        with torch.no_grad():
            right = sum(int((model(tx[i:i + 1000]).argmax(1) == ty[i:i + 1000]).sum()) for i in range(0, tx.shape[0], 1000))
        accuracy = right / tx.shape[0]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "stepMs": step_ms, "epochSeconds": epoch_s, "testAccuracy": accuracy}))


main()
