"""The digits explorer: softmax regression learning the 1,797 handwritten digits, step by step.

    train, test = gd.load_digits().split(test_fraction=0.25, seed=0)
    ex = gd.widgets.digits_explorer(train, test)     # Adam, lr 0.01, batches of 32, 30 epochs

Panels: the training and held-out loss and accuracy by epoch, the ten weight templates and one
held-out image of each digit with its reading at step k. A setting is one `run(..., record=grid)`
keeping θ only at the quarter epochs (`digits_runs`, which also caches settings: `Runs`).
"""

from __future__ import annotations

import asyncio

import ipywidgets as W
import numpy as np

from .. import plots
from ..datasets import Digits
from ..environment import _in_kernel as in_kernel
from ..i18n import _
from ..optimizers import OPTIMIZERS
from ..plots.digits import _mosaic, decades
from ..problems import SoftmaxRegression
from .base import Explorer
from .column import row
from .controls import lr_slider, optimizer_dropdown
from .digits_runs import (
    EVALUATION,
    MAX_STEPS,
    Job,
    Result,
    Runs,
    Setting,
    checked,
    describe,
    quietly,
    run_message,
    run_setting,
    steps_per_epoch,
)
from .readout import readout_html
from .wrapping import panel_title

__all__ = ["DigitsExplorer", "digits_explorer"]

LR_RANGE = (1e-4, 100.0)
BATCH_SIZES = (8, 16, 32, 64, 128, 256)
CACHED = 6  # settings kept: each ~0.7 MB (θ at 121 steps, the loss of every step)
LOSS_RANGE = (0.01, 10.0)  # the loss panel's y range, unless a run leaves it
POLL = 0.1  # seconds between looks at a run under way


class DigitsExplorer(Explorer):
    """Softmax regression on the digits by mini-batch descent: curves, templates and readings at step k.

        ex = gd.widgets.digits_explorer(train, test, lr=0.01, optimizer="adam", batch_size=32)

    Each run starts from θ = 0 and takes `epochs` passes through `train` in batches of
    `batch_size`, shuffled with `seed`, exactly as `gd.run(..., batch_size=..., seed=seed)`.
    Controls: `lr` (log, 1e-4 to 100), `steps` (the step k, every quarter epoch), `play`,
    `batch_size`, `optimizer` (the registry's). `steps=None` shows the last step.
    `.current`: step, step_shown, epoch, theta, loss (training), test_loss, train_accuracy,
    test_accuracy, lr, optimizer, batch_size, steps_per_epoch, diverged_at, message,
    predicted (the ten digits shown), computing (the setting whose run is under way, or None).

    In a kernel a change of lr, optimizer or batch size returns at once: its run is computed in a
    thread behind a progress bar, the figure shows the previous run until it is done, and
    `wait()` waits for it. Without an event loop the run is computed at once.
    """

    def __init__(self, train: Digits, test: Digits, *, lr: float = 0.01, optimizer: str = "adam",
                 batch_size: int = 32, epochs: int = 30, steps: int | None = None, seed: int = 0,
                 display: str | None = None):
        lr, optimizer, batch_size, epochs, seed, grid = checked(train, test, lr, optimizer, batch_size,
                                                                epochs, steps, seed)
        super().__init__(display)
        self.train, self.test, self.epochs, self.seed = train, test, epochs, seed
        self.problem, self.test_problem = SoftmaxRegression(train), SoftmaxRegression(test)
        self.controls["lr"] = lr_slider(_("learning rate lr"), lr, *LR_RANGE, continuous=False, name="lr")
        self._steps_controls([int(k) for k in grid], int(grid[-1]) if steps is None else steps, interval=80)
        sizes = sorted({*(b for b in BATCH_SIZES if b < len(train) and self._steps(b) <= MAX_STEPS),
                        batch_size, len(train)})
        self.controls["batch_size"] = W.Dropdown(
            options=[(f"{b:,}" + (_(" (all)") if b == len(train) else ""), b) for b in sizes],
            value=batch_size, description=_("batch size"), layout=W.Layout(width="200px"))
        self.controls["optimizer"] = optimizer_dropdown(optimizer)
        self._slow = {"lr", "optimizer", "batch_size"}
        # One held-out image per digit, its first in the test set (then the next ones, if a digit is missing).
        first = [int(np.flatnonzero(test.labels == c)[0]) for c in range(10) if (test.labels == c).any()]
        rest = sorted(set(range(len(test))) - set(first))
        self._examples = test.subset((first + rest)[:10])
        self._runs = Runs(self._compute, CACHED, POLL)
        self._background = False  # the first run is computed while the cell runs
        self._readout = W.HTML()
        # Steps of the run under way (the readout names its setting); hidden, not removed, when
        # idle, so that the controls do not move when it appears.
        self._progress = W.IntProgress(value=0, min=0, max=1, description=_("computing"), bar_style="info",
                                       layout=W.Layout(width="220px", visibility="hidden"))
        self._build()
        self._start()
        self._background = True

    # -- the figure
    def _build(self) -> None:
        # Curves on the left; on the right the templates over the digits, column c for digit c.
        # Arranged for the column like every explorer's panels: 2 + 2, or one per row.
        self._max_columns = 2
        fig, (ax_loss, ax_acc, ax_t, ax_g) = self._figure(4)
        self._lines = {}
        with plots.style():
            for ax, kind, ylabel in ((ax_loss, "loss", _("cross-entropy (log scale)")),
                                     (ax_acc, "accuracy", _("share of digits right"))):
                for part, color in (("train", plots.COLORS["blue"]), ("test", plots.COLORS["orange"])):
                    label = _("training digits") if part == "train" else _("held-out digits")
                    (self._lines[kind, part],) = ax.plot([], [], color=color, label=label)
                    (self._lines[kind, part, "at"],) = ax.plot([], [], "o", color=color, ms=8)
                self._lines[kind, "k"] = ax.axvline(0, color=plots.COLORS["grey"], lw=1.5)
                plots.set_step_xlim(ax, self.epochs, [self._lines[kind, p, "at"] for p in ("train", "test")])
                ax.set_ylabel(ylabel)
            ax_acc.set_xlabel(_("epoch"))
            ax_loss.legend(loc="lower left")
        ax_loss.set_yscale("log")
        ax_loss.set_ylim(*LOSS_RANGE)
        ax_acc.set_ylim(0, 1.02)
        panel_title(ax_loss, _("the loss"))
        panel_title(ax_acc, _("the share of digits right"))
        self._templates = plots.templates(ax_t, np.zeros((10, 8, 8)), columns=5)
        panel_title(ax_t, _("weights at step k"))
        # Every caption framed at first, so that there is a frame to show for each image.
        self._gallery = plots.gallery(ax_g, self._examples.images, self._examples.labels,
                                      predicted=(self._examples.labels + 1) % 10, columns=5)
        panel_title(ax_g, _("held-out digits read (framed: wrong)"))
        self._status = self._status_text(ax_loss, 0.995, fontsize=14)
        self._alert = self._status_text(ax_loss, 0.955, fontsize=13, color=plots.ROLE["diverging"],
                                        fontweight="bold")
        moving = [(kind, *key) for kind in ("loss", "accuracy")
                  for key in (("train",), ("test",), ("train", "at"), ("test", "at"), ("k",))]
        self._animate(*(self._lines[key] for key in moving), self._templates.image,
                      *self._gallery.labels, *self._gallery.frames)

    # -- runs
    def _steps(self, batch_size: int) -> int:
        """The length of a run with this batch size: `epochs` passes through the training digits."""
        return self.epochs * steps_per_epoch(len(self.train), batch_size)

    def _compute(self, setting: Setting, job: Job | None = None) -> Result:
        return run_setting(self.problem, self.test_problem, setting, epochs=self.epochs, seed=self.seed,
                           job=job)

    def _recompute(self) -> None:
        c = self.controls
        setting = Setting(float(c["lr"].value), c["optimizer"].value, int(c["batch_size"].value))
        self._runs.cancel()
        if setting in self._runs.cache:
            self._install(self._runs.cache[setting])
            return
        try:
            # Only a kernel's event loop serves the background run (a test runner or a browser
            # driver may leave another loop marked running in this thread).
            loop = asyncio.get_running_loop() if self._background and in_kernel() else None
        except RuntimeError:  # no event loop here (a script, a test): compute now
            loop = None
        if loop is None:
            self._install(self._compute(setting))
            return
        # In a kernel: the run goes to a thread, and the event loop looks at it every POLL
        # seconds, so that the kernel keeps answering the step slider meanwhile.
        total = int(self._steps(setting.batch_size) * (1 + EVALUATION))
        self._runs.start(setting, total, loop, self._progress, self._finish)

    def _finish(self, job: Job) -> None:
        with quietly():
            if job.error is not None:
                self._progress.layout.visibility = "hidden"
                self._readout.value = readout_html([], _("The run could not be computed: {error!r}").format(
                    error=job.error))
                return
            self._install(job.result)
            self._redraw()
        self._canvas.refresh()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a run under way (after a change of lr, optimizer or batch size) and show it."""
        job = self._runs.wait(timeout)
        if job is not None:
            self._finish(job)

    def _install(self, result: Result) -> None:
        """Make `result` the run on screen: cache it, fit the step slider to its grid, set its curves."""
        self._runs.keep(result)
        old = getattr(self, "result", None)
        self.result = result
        self._progress.layout.visibility = "hidden"
        grid = [int(k) for k in result.grid]
        if grid != self._grid:  # another batch size: keep the epoch shown
            steps, play = self.controls["steps"], self.controls["play"]
            k = int(grid[np.abs(result.grid - self.step / old.per_epoch * result.per_epoch).argmin()])
            with self._adjust():
                steps.options = [(f"{s:,}", s) for s in grid]
                steps.value = k
                play.max = len(grid) - 1
            self._grid = grid
        ok = result.grid <= result.last
        self._fit_loss_axis(np.concatenate([result.train_loss[ok], result.test_loss[ok]]))
        epochs = result.grid / result.per_epoch
        for kind in ("loss", "accuracy"):
            for part in ("train", "test"):
                values = getattr(result, f"{part}_{kind}")
                self._lines[kind, part].set_data(epochs[ok], values[ok])

    def _fit_loss_axis(self, losses: np.ndarray) -> None:
        """The loss axis: LOSS_RANGE, widened by whole decades only for a run that leaves it (see
        `plots.decades`), so most settings compare at a glance and a new one needs no full redraw."""
        ax = self._lines["loss", "train"].axes
        limits = decades(losses, LOSS_RANGE)
        if ax.get_ylim() != limits:
            ax.set_ylim(*limits)
            self._canvas.invalidate()

    # -- step k
    def _redraw(self) -> None:
        r, k = self.result, self.step
        i = max(0, int(np.searchsorted(r.grid, k, side="right")) - 1)  # the grid step at or before k
        shown = min(int(r.grid[i]), r.last)
        theta = r.thetas[i]
        epoch = shown / r.per_epoch
        values = {(kind, part): float(getattr(r, f"{part}_{kind}")[i])
                  for kind in ("loss", "accuracy") for part in ("train", "test")}
        for (kind, part), v in values.items():
            self._lines[kind, part, "at"].set_data([epoch], [v])
        for kind in ("loss", "accuracy"):
            self._lines[kind, "k"].set_xdata([epoch, epoch])
        weights = self.problem.weights(theta)
        top = float(np.abs(weights).max()) or 1.0
        self._templates.image.set_data(_mosaic(weights, 5))
        self._templates.image.set_clim(-top, top)
        predicted = self.problem.predict(theta, self._examples.X)
        for text, frame, label, guess in zip(self._gallery.labels, self._gallery.frames,
                                             self._examples.labels, predicted):
            wrong = guess != label
            text.set_text(f"{label}→{guess}" if wrong else str(guess))
            text.set_color(plots.COLORS["vermillion"] if wrong else "black")
            frame.set_visible(bool(wrong))
        lr, name, batch_size = r.setting
        label = OPTIMIZERS[name].label
        message = run_message(r, k, shown)
        computing = None if self._runs.job is None else describe(self._runs.job.setting)
        self.current = {
            "step": k, "step_shown": shown, "epoch": epoch, "theta": theta.copy(),
            "loss": float(r.losses[shown]), "test_loss": values["loss", "test"],
            "train_accuracy": values["accuracy", "train"], "test_accuracy": values["accuracy", "test"],
            "lr": lr, "optimizer": name, "batch_size": batch_size, "steps_per_epoch": r.per_epoch,
            "diverged_at": r.diverged_at, "message": message, "predicted": predicted,
            "computing": computing,
        }
        self._status.set_text(_("{setting}   step k = {step:,} (epoch {epoch:.2f})   held-out: {right:.1%} "
                                "right").format(setting=describe(r.setting), step=shown, epoch=epoch,
                                                right=values["accuracy", "test"]))
        self._alert.set_text(message if len(message) < 100 else message[:98].rstrip() + "…")
        note = _("{setting} ({per_epoch:,} steps an epoch); weights drawn from −{top:.3g} (purple) to "
                 "+{top:.3g} (orange)").format(setting=describe(r.setting), per_epoch=r.per_epoch, top=top)
        if computing:
            note += _(". Computing the run for {setting}: the figure shows the previous one "
                      "meanwhile").format(setting=computing)
        self._readout.value = readout_html(
            [("k", f"{shown:,}"), (_("epoch"), f"{epoch:.2f}"), (_("loss"), f"{self.current['loss']:.4f}"),
             (_("held-out loss"), f"{values['loss', 'test']:.4f}"),
             (_("training right"), f"{values['accuracy', 'train']:.1%}"),
             (_("held-out right"), f"{values['accuracy', 'test']:.1%}")],
            message, note=note)

    # -- showing and closing
    def _layout(self, figure: W.Widget) -> W.Widget:
        c = self.controls
        return W.VBox([row(c["lr"], c["optimizer"], c["batch_size"]),  # wrap, not squeeze the lr slider
                       row(c["steps"], c["play"], c["speed"], self._play_hint, self._progress,
                           self._reset_button), figure, self._readout])

    def reset(self) -> None:
        """Every control back to where it started, with one run (maybe cached); Play stops. The step
        goes to the starting epoch first: `_install` keeps the epoch when the batch size changes."""
        d, c = self._defaults, self.controls
        c["play"].playing = False
        epoch = d["steps"] / steps_per_epoch(len(self.train), d["batch_size"])
        grid = np.array(self._grid)
        with self._adjust():
            c["steps"].value = int(grid[np.abs(grid - epoch * self.result.per_epoch).argmin()])
            for name in ("lr", "optimizer", "batch_size", "speed"):
                c[name].value = d[name]
        self._update(recompute=True)

    def close(self) -> None:
        """Stop a run under way, close the widgets and release the figure."""
        self._runs.cancel()
        self._runs.cache.clear()
        super().close()


digits_explorer = DigitsExplorer
