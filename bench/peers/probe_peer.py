#!/usr/bin/python3
"""Peer for `worldlens bench probe`: the same MLP probe in PyTorch and ridge in scikit-learn, timed.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-sklearn; see install.sh). Prints one JSON object:
{"torch": ..., "sklearn": ..., "threads": 2, "mlp": {"<A>": seconds, ...}, "ridge": seconds}.

MLP: D -> 256 -> 128 -> A with ReLU, PyTorch's default nn.Linear init, MSE, Adam (lr 1e-3, default betas),
minibatches by epoch shuffles (torch.randperm) gathered from the standardised training set held as one tensor;
only the training loop is timed. Ridge: Ridge(alpha, solver='cholesky') on float32 standardised X, best of rounds.
"""
import argparse
import json
import time

import numpy as np
import sklearn
import torch
from sklearn.linear_model import Ridge


def mlp_seconds(n, d, a, steps, batch, lr, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = torch.randn(n, a, generator=g)
    x = (x - x.mean(0)) / x.std(0, unbiased=False).clamp_min(1e-6)
    y = (y - y.mean(0)) / y.std(0, unbiased=False).clamp_min(1e-6)
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(d, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, a))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.MSELoss()
    order = torch.randperm(n, generator=g)
    pos = 0
    t0 = time.perf_counter()
    for _ in range(steps):
        if pos + batch > n:
            order = torch.randperm(n, generator=g)
            pos = 0
        idx = order[pos:pos + batch]
        pos += batch
        loss = loss_fn(model(x[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    float(loss)
    return time.perf_counter() - t0


def ridge_seconds(n, d, a, alpha, rounds, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d), dtype=np.float32)
    y = rng.standard_normal((n, a), dtype=np.float32)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        Ridge(alpha=alpha, solver="cholesky").fit(x, y)
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--n", type=int, default=20000)
    p.add_argument("--width", type=int, default=768)
    p.add_argument("--actions", default="4,7")
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--ridge-n", type=int, default=20000)
    p.add_argument("--ridge-width", type=int, default=1024)
    p.add_argument("--ridge-actions", type=int, default=7)
    p.add_argument("--ridge-alpha", type=float, default=1.0)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--skip-mlp", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    out = {"torch": torch.__version__, "sklearn": sklearn.__version__, "threads": torch.get_num_threads(),
           "mlp": {}, "ridge": None}
    if not args.skip_mlp:
        for a in (int(s) for s in args.actions.split(",") if s):
            out["mlp"][str(a)] = mlp_seconds(args.n, args.width, a, args.steps, args.batch, args.lr, 1)
    out["ridge"] = ridge_seconds(args.ridge_n, args.ridge_width, args.ridge_actions, args.ridge_alpha, args.rounds, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
