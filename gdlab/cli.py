"""`python -m gdlab`: the seed article's run, corrected and fast, from the command line.

Imports numpy and gdlab's core only (no matplotlib), so the whole process stays short.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import data as datasets
from .optimizers import OPTIMIZERS, make_optimizer
from .problems import LinearRegression
from .running import trajectory


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        self.exit(2, f"gdlab: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m gdlab",
        description="Fit y = w·x + b by gradient descent, as the seed article does, and compare "
        "with the least-squares answer.",
    )
    d = p.add_argument_group("data (default: 100 points from y = 1.477x + 0.089 + N(0.01, 1) noise)")
    d.add_argument("--n", type=int, default=100, help="number of points (default 100)")
    d.add_argument("--noise-std", type=float, default=1.0, help="noise standard deviation (default 1)")
    d.add_argument("--seed", type=int, default=0, help="random seed for the data (default 0)")
    d.add_argument("--csv", metavar="PATH", help="read x, y from a CSV file instead")
    r = p.add_argument_group("descent")
    r.add_argument("--lr", type=float, default=1e-4, help="learning rate (default 1e-4, the article's)")
    r.add_argument("--steps", type=int, default=100_000, help="number of updates (default 100000)")
    r.add_argument("--optimizer", choices=tuple(OPTIMIZERS), default="gd",
                   help="default: gd (plain gradient descent, torch.optim.SGD)")
    r.add_argument("--batch-size", type=int, default=None, help="mini-batch size (default: all points)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _main(args)
    except (ValueError, TypeError) as exc:
        print(f"gdlab: error: {exc}", file=sys.stderr)
        return 2


def _main(args: argparse.Namespace) -> int:
    if args.csv:
        data = datasets.load_csv(args.csv)
        about = f"{len(data)} points from {args.csv}"
    else:
        data = datasets.make_linear_data(n=args.n, noise_std=args.noise_std, seed=args.seed)
        noise = f"N(0.01, {args.noise_std:g}²)"
        about = f"{args.n} points from y = 1.477x + 0.089 + {noise} noise, seed {args.seed}"
    problem = LinearRegression(data)
    opt = make_optimizer(args.optimizer, args.lr)
    theta0 = [0.0, 0.0]
    traj = trajectory(problem, opt, theta0, args.steps, batch_size=args.batch_size, seed=args.seed)
    (w, b), loss = traj.at(args.steps)
    w_ls, b_ls = problem.solve()
    if args.json:
        print(json.dumps({
            "w": float(w), "b": float(b), "loss": loss, "steps": args.steps,
            "diverged_at": traj.diverged_at,
            "lstsq_w": float(w_ls), "lstsq_b": float(b_ls), "lstsq_loss": problem.min_loss(),
            "optimizer": args.optimizer, "lr": args.lr, "batch_size": args.batch_size, "n": len(data),
        }))
        return 0
    print(f"Data: {about}")
    print(f"Starting gradient descent at b = 0, w = 0, error = {problem.loss(theta0)}")
    print(f"Running {args.steps} steps of {opt.label}...")
    if traj.diverged_at is not None:
        print(
            f"Diverged at step {traj.diverged_at}: lr = {args.lr:g} is past the stability limit "
            f"2/λ_max = {problem.lr_limit():.4g}. Last finite state, step {traj.diverged_at - 1}:"
        )
    print(f"After {min(args.steps, traj.last)} iterations b = {b}, w = {w}, error = {loss}")
    print(f"Least squares (exact):  b = {b_ls}, w = {w_ls}, error = {problem.min_loss()}")
    return 0
