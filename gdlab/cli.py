"""`python -m gdlab`: the seed article's run, corrected and fast, from the command line.

Imports numpy and gdlab's core only (no matplotlib), so the whole process stays short.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings

from . import data as datasets
from .csv_data import load_csv
from .i18n import _
from .optimizers import OPTIMIZERS, make_optimizer
from .problems import LinearRegression
from .running import trajectory


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        self.exit(2, f"gdlab: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m gdlab",
        description=_("Fit y = w·x + b by gradient descent, as the seed article does, and compare "
                      "with the least-squares answer."),
    )
    d = p.add_argument_group(_("data (default: 100 points from y = 1.477x + 0.089 + N(0.01, 1) noise)"))
    d.add_argument("--n", type=int, default=100, help=_("number of points (default 100)"))
    d.add_argument("--noise-std", type=float, default=1.0, help=_("noise standard deviation (default 1)"))
    d.add_argument("--seed", type=int, default=0, help=_("random seed for the data (default 0)"))
    d.add_argument("--csv", metavar="PATH", help=_("read x, y from a CSV file instead"))
    r = p.add_argument_group(_("descent"))
    r.add_argument("--lr", type=float, default=1e-4, help=_("learning rate (default 1e-4, the article's)"))
    r.add_argument("--steps", type=int, default=100_000, help=_("number of updates (default 100000)"))
    r.add_argument("--optimizer", choices=tuple(OPTIMIZERS), default="gd",
                   help=_("default: gd (plain gradient descent, torch.optim.SGD)"))
    r.add_argument("--batch-size", type=int, default=None, help=_("mini-batch size (default: all points)"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object instead of text"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    progress = _Progress(args.steps)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning from our arithmetic is a bug: fail in one line
            return _main(args, progress)
    except (ValueError, TypeError, OverflowError, MemoryError, Warning) as exc:
        progress.clear()
        text = " ".join(str(exc).split()) or type(exc).__name__
        print(f"gdlab: error: {text}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        progress.clear()
        print(_("gdlab: interrupted after step {step:,} of {steps:,}; nothing printed").format(
            step=progress.step, steps=args.steps), file=sys.stderr)
        return 130


class _Progress:
    """Step counts on stderr for long runs, only when stderr is a terminal (never in pipes or logs)."""

    def __init__(self, steps: int):
        self.steps, self.step = steps, 0
        self.live = sys.stderr.isatty()
        self._shown = False

    def __call__(self, k: int) -> None:
        self.step = k
        if self.live and not k % 65536:
            print("\r" + _("step {k:,} of {steps:,} ({percent:.0f}%)").format(
                k=k, steps=self.steps, percent=100 * k / max(self.steps, 1)), end="", file=sys.stderr,
                flush=True)
            self._shown = True

    def clear(self) -> None:
        if self._shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
            self._shown = False


def _json_number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _main(args: argparse.Namespace, progress: _Progress) -> int:
    if args.csv is not None:
        if not args.csv.strip():
            raise ValueError(_("--csv needs a file name, got an empty string"))
        data = load_csv(args.csv)
        about = _("{n} points from {path}").format(n=len(data), path=args.csv)
    else:
        data = datasets.make_linear_data(n=args.n, noise_std=args.noise_std, seed=args.seed)
        noise = f"N(0.01, {args.noise_std:g}²)"
        about = _("{n} points from y = 1.477x + 0.089 + {noise} noise, seed {seed}").format(
            n=args.n, noise=noise, seed=args.seed)
    problem = LinearRegression(data)
    opt = make_optimizer(args.optimizer, args.lr)
    theta0 = [0.0, 0.0]
    traj = trajectory(problem, opt, theta0, args.steps, batch_size=args.batch_size, seed=args.seed,
                      progress=progress)
    progress.clear()
    (w, b), loss = traj.at(args.steps)
    w_ls, b_ls = problem.solve()
    shown = min(args.steps, traj.last)
    if args.json:
        print(json.dumps({
            "w": _json_number(w), "b": _json_number(b), "loss": _json_number(loss), "steps": args.steps,
            "step_shown": shown, "diverged_at": traj.diverged_at,
            "lstsq_w": float(w_ls), "lstsq_b": float(b_ls), "lstsq_loss": problem.min_loss(),
            "optimizer": args.optimizer, "lr": args.lr, "batch_size": args.batch_size, "n": len(data),
        }, allow_nan=False))
        return 0
    print(_("Data: {about}").format(about=about))
    print(_("Starting gradient descent at b = 0, w = 0, error = {error}").format(error=problem.loss(theta0)))
    print(_("Running {steps} steps of {optimizer}...").format(steps=args.steps, optimizer=opt.label))
    if traj.diverged_at is not None:
        print(_("Diverged at step {step}: lr = {lr:g} is past the stability limit 2/λ_max = {limit:.4g}. "
                "Last finite state, step {shown}:").format(step=traj.diverged_at, lr=args.lr,
                                                           limit=problem.lr_limit(), shown=shown))
    print(_("After {shown} iterations b = {b}, w = {w}, error = {error}").format(
        shown=shown, b=_plain(b), w=_plain(w), error=loss))
    print(_("Least squares (exact):  b = {b}, w = {w}, error = {error}").format(
        b=b_ls, w=w_ls, error=problem.min_loss()))
    return 0


def _plain(x: float) -> float:
    """x without floating-point noise around zero: −2.2e−16 from 0 − 0 shown as 0.0."""
    return 0.0 if abs(x) < 1e-300 else float(x)
