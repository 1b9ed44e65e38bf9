"""The digits explorer's runs: a setting trained and evaluated on the quarter-epoch grid, now or in a thread.

    setting = Setting(0.01, "adam", 32)
    result = run_setting(problem, test_problem, setting, epochs=30, seed=0)   # one gd.run(record=grid)
    result.test_accuracy[-1]                                  # 0.96: notebook 10's number

    job = Job(setting, total, compute)   # the same in a worker thread: job.done counts its steps,
    job.cancelled = True               # and a cancelled job stops at its next step

`run_setting` keeps θ only at the grid steps (121 × 650 numbers for 30 epochs, not one row
per step), then computes the held-out loss and both accuracies there in a few matrix products.
`Runs` is the explorer's cache of settings and its one job under way, polled on the kernel's
event loop; `checked` checks the explorer's arguments.
"""

from __future__ import annotations

import queue
import threading
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np

from .. import _checks as check
from ..datasets import Digits
from ..i18n import _
from ..optimizers import OPTIMIZERS, make_optimizer, optimizer_name
from ..problems import SoftmaxRegression
from ..running import run

__all__ = ["EVALUATION", "MAX_STEPS", "Job", "Result", "Runs", "Setting", "accuracies", "checked",
           "quarter_epochs", "quietly", "run_setting", "steps_per_epoch"]

EVALUATION = 0.1  # a job's share of progress for the evaluation after its run
MAX_STEPS = 20_000  # the longest run a setting may take (30 epochs in batches of 8: 5,070 steps)


class Setting(NamedTuple):
    """What the explorer's slow controls choose: one run per setting."""

    lr: float
    optimizer: str
    batch_size: int


class Result(NamedTuple):
    """One setting's run from θ = 0, evaluated at the grid steps."""

    setting: Setting
    per_epoch: int
    grid: np.ndarray  # the quarter-epoch steps
    thetas: np.ndarray  # θ at each grid step (past a divergence, the last finite θ)
    losses: np.ndarray  # the training loss of every step 0..last
    train_loss: np.ndarray  # the rest at the grid steps
    test_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    diverged_at: int | None
    last: int


def steps_per_epoch(n: int, batch_size: int) -> int:
    """Batches in one pass through n images (the last one may be smaller)."""
    return -(-n // batch_size)


def quarter_epochs(per_epoch: int, epochs: int) -> np.ndarray:
    """The steps of the slider: every quarter epoch (rounded to whole steps) up to `epochs`.

    >>> quarter_epochs(43, 1).tolist()
    [0, 11, 22, 32, 43]
    """
    return np.unique(np.round(np.arange(4 * epochs + 1) * per_epoch / 4).astype(np.int64))


def accuracies(problem: SoftmaxRegression, thetas: np.ndarray, data: Digits, block: int = 32) -> np.ndarray:
    """The share of `data` read right by each θ (rows of `thetas`), 32 θ per matrix product."""
    c, f = problem.classes, problem.features
    out = np.empty(len(thetas))
    for i in range(0, len(thetas), block):
        t = thetas[i : i + block]
        scores = (t[:, : c * f].reshape(-1, f) @ data.X.T).reshape(len(t), c, -1) + t[:, c * f :, None]
        out[i : i + block] = (scores.argmax(axis=1) == data.labels).mean(axis=1)
    return out


def checked(train: Digits, test: Digits, lr: float, optimizer: str, batch_size: int, epochs: int,
            steps: int | None, seed: int) -> tuple[float, str, int, int, int, np.ndarray]:
    """The explorer's arguments checked, each error naming its argument: (lr, optimizer, batch_size,
    epochs, seed, the step slider's grid)."""
    for name, data in (("train", train), ("test", test)):
        if not isinstance(data, Digits):
            raise TypeError(_("{name} must be handwritten digits from gd.load_digits().split(), "
                              "got {type}").format(name=name, type=type(data).__name__))
        if not len(data):
            raise ValueError(_("{name} must hold at least one image, got {data!r}").format(
                name=name, data=data))
    lr = check.positive("lr", lr)
    optimizer = optimizer_name(optimizer)
    batch_size = check.integer("batch_size", batch_size, 1, len(train))
    epochs = check.integer("epochs", epochs, 1, 100)
    seed = check.seed("seed", seed)
    grid = quarter_epochs(steps_per_epoch(len(train), batch_size), epochs)
    if grid[-1] > MAX_STEPS:
        raise ValueError(_("batch_size={batch_size} with epochs={epochs} makes {steps:,} steps, more "
                           "than the {most:,} a run of this explorer may take: use larger batches "
                           "or fewer epochs").format(batch_size=batch_size, epochs=epochs, steps=grid[-1],
                                                     most=MAX_STEPS))
    if steps is not None and check.integer("steps", steps, 0, int(grid[-1])) not in grid:
        raise ValueError(_("steps must be a step of the slider (every quarter epoch: {first}, ..., "
                           "{last}), got {steps}").format(first=", ".join(map(str, grid[:4])),
                                                          last=grid[-1], steps=steps))
    return lr, optimizer, batch_size, epochs, seed, grid


class Cancelled(Exception):
    """Raised inside a job's run at its first step after `cancelled` was set."""


_QUEUE: queue.SimpleQueue = queue.SimpleQueue()  # jobs for the worker thread, in order
_WORKER: list[threading.Thread] = []  # the one worker thread, once started


def _work_forever() -> None:
    while True:
        job, compute = _QUEUE.get()
        job._work(compute)


class Job:
    """A setting's run in the worker thread: `done` (steps so far, then the evaluation),
    `cancelled`, and once it has ended (`alive()` False) `result` or `error`. The thread only
    computes numbers: whatever is shown is done by whoever polls the job.

    Every job of every digits explorer runs on one long-lived worker thread, in order (a
    cancelled one ends at its next step). A thread per run cost memory that stayed: each new
    thread's numpy work went to a malloc arena of its own, which kept what it freed (+76 MB over
    2,000 changes of the explorer; +5 MB with one arena).
    """

    def __init__(self, setting: Setting, total: int, compute: Callable[[Setting, Job], Result]):
        self.setting, self.total = setting, total
        self.done, self.cancelled = 0, False
        self.result: Result | None = None
        self.error: BaseException | None = None
        self._ended = threading.Event()
        if not _WORKER:
            _WORKER.append(threading.Thread(target=_work_forever, daemon=True, name="gdlab digits runs"))
            _WORKER[0].start()
        _QUEUE.put((self, compute))

    def alive(self) -> bool:
        """True until the job has ended (computed, failed or cancelled)."""
        return not self._ended.is_set()

    def join(self, timeout: float | None = None) -> None:
        """Wait until the job has ended, or `timeout` seconds."""
        self._ended.wait(timeout)

    def _work(self, compute) -> None:
        try:
            if not self.cancelled:
                self.result = compute(self.setting, self)
        except Cancelled:
            pass
        except BaseException as e:  # shown by whoever polls, not lost in the thread
            self.error = e
        finally:
            self._ended.set()


class Runs:
    """The explorer's runs: the last `cached` settings' results kept, and at most one Job under way.

    `start` computes a setting in a Job polled on the kernel's event loop every `poll` seconds:
    `progress` (a progress bar, shown from the start) counts its steps while it runs, and
    `finish(job)` is called once its thread has ended, unless a newer `start` or `cancel`
    replaced it meanwhile (then it is cancelled and nothing is called).
    """

    def __init__(self, compute: Callable[[Setting, Job], Result], cached: int, poll: float):
        self.compute, self.cached, self.poll = compute, cached, poll
        self.cache: dict[Setting, Result] = {}  # oldest first
        self.job: Job | None = None

    def keep(self, result: Result) -> None:
        """Cache `result` as the newest, dropping the oldest beyond `cached`."""
        self.cache.pop(result.setting, None)
        self.cache[result.setting] = result
        while len(self.cache) > self.cached:
            del self.cache[next(iter(self.cache))]

    def cancel(self) -> None:
        """Stop the job under way, if any (its thread ends at its next step)."""
        if self.job is not None:
            self.job.cancelled = True
            self.job = None

    def start(self, setting: Setting, total: int, loop, progress, finish: Callable[[Job], None]) -> None:
        self.cancel()
        progress.max, progress.value = total, 0
        progress.layout.visibility = "visible"
        job = self.job = Job(setting, total, self.compute)

        def poll() -> None:
            if job is not self.job:  # replaced by a newer setting, or cancelled
                return
            if job.alive():
                progress.value = min(job.done, job.total)
                loop.call_later(self.poll, poll)
                return
            self.job = None
            finish(job)

        loop.call_later(self.poll, poll)

    def wait(self, timeout: float | None = None) -> Job | None:
        """Wait for the job under way; the job if it has ended (no longer polled), else None."""
        job = self.job
        if job is None:
            return None
        job.join(timeout)
        if job.alive():
            return None
        self.job = None
        return job


@contextmanager
def quietly():
    """No numpy warning from a run or its evaluation: divergence is said in words."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def run_setting(problem: SoftmaxRegression, test_problem: SoftmaxRegression, setting: Setting, *,
                epochs: int, seed: int | None, job: Job | None = None) -> Result:
    """`setting`'s run of `epochs` epochs from θ = 0, as gd.run(..., batch_size=, seed=), evaluated
    at the quarter epochs. With `job`, each step counts in job.done and a cancel stops the run."""
    per_epoch = steps_per_epoch(problem.n, setting.batch_size)
    grid = quarter_epochs(per_epoch, epochs)
    steps = int(grid[-1])
    opt = make_optimizer(setting.optimizer, setting.lr)
    if job is not None:
        def update(g, state, theta, _update=opt.update):
            job.done += 1
            if job.cancelled:
                raise Cancelled
            return _update(g, state, theta)

        opt = opt._replace(update=update)
    with quietly():
        traj = run(problem, opt, np.zeros(problem.dim), steps, batch_size=setting.batch_size, seed=seed,
                   record=grid)
        thetas, train_loss = traj.states(grid)
        if job is not None:
            job.done = int(steps * (1 + EVALUATION / 2))
        return Result(setting, per_epoch, grid, thetas, traj.losses, train_loss, test_problem.losses(thetas),
                      accuracies(problem, thetas, problem.data),
                      accuracies(problem, thetas, test_problem.data), traj.diverged_at, traj.last)


JITTER = 2.0  # a rise of the training loss by this factor within one epoch is called jitter


def run_message(r: Result, k: int, shown: int) -> str:
    """What the run does by step k, in words: a divergence (and which step is shown), or jitter."""
    lr, label = r.setting.lr, OPTIMIZERS[r.setting.optimizer].label
    if r.diverged_at is not None:
        if k > r.last:
            return _("{optimizer} at lr = {lr:.3g} diverged at step {step:,}; showing step {shown:,}, the "
                     "last whose numbers are finite.").format(optimizer=label, lr=lr, step=r.diverged_at,
                                                              shown=r.last)
        return _("{optimizer} at lr = {lr:.3g} diverges later, at step {step:,}.").format(
            optimizer=label, lr=lr, step=r.diverged_at)
    window = r.losses[max(0, shown - r.per_epoch) : shown + 1]
    if len(window) > 1:
        rise = window / np.minimum.accumulate(window)
        j = int(rise.argmax())
        if rise[j] > JITTER:
            i = int(window[: j + 1].argmin())
            first = max(0, shown - r.per_epoch)
            return _("Jitter: in the epoch up to step {step:,} the training loss rose from {low:.3g} "
                     "(step {low_step:,}) to {high:.3g} (step {high_step:,}), {rise:.1f} times as high: "
                     "steps this large jump across the valley instead of settling in it (the article's "
                     "大的抖动).").format(step=shown, low=window[i], low_step=first + i, high=window[j],
                                      high_step=first + j, rise=rise[j])
    return ""


def describe(setting: Setting) -> str:
    return _("{optimizer}, lr = {lr:.3g}, batch {batch:,}").format(
        optimizer=OPTIMIZERS[setting.optimizer].label, lr=setting.lr, batch=setting.batch_size)
