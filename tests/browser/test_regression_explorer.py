"""The regression explorer driven from the keyboard in a real JupyterLab.

Runs notebooks/02_linear_regression.ipynb (a scratch notebook with the same explorer cell
while 02 does not exist), then: the learning-rate and step sliders move from the keyboard,
the canvas redraws, and the readout under the figure matches the kernel's `.current`; Play
advances the step and stops at the last one. One page and one run of the notebook for both.
"""

from __future__ import annotations

import json
import re
import time

import harness
import pytest

from gdlab.explorers.controls import snap_lr

NOTEBOOK = "notebooks/02_linear_regression.ipynb"
# `.current` as JSON: arrays as lists, the stability indicator (a dataclass) by its zone only.
CURRENT = ("{k: (v.tolist() if hasattr(v, 'tolist') else v) for k, v in __gdtest_ex.current.items() "
           "if k != 'stability'}")
NUMBER = r"[-+]?[\d,]*\.?\d+(?:e[-+]?\d+)?"


@pytest.fixture(scope="module")
def lab(module_lab):
    return module_lab


@pytest.fixture(scope="module")
def explorer(lab):
    """Notebook 02 run in JupyterLab (no stand-in: if 02 is gone, this fails), and its first
    regression explorer found in the kernel."""
    path = NOTEBOOK
    assert (harness.REPO / NOTEBOOK).exists(), f"{NOTEBOOK} is missing"
    lab.open(path)
    assert lab.run_all(), lab.problems()
    lab.wait_widgets_rendered()
    found = [ex for ex in lab.tag_explorers()
             if {"lr", "steps", "play"} <= set(ex["controls"]) and ex["figure"]["class"]]
    assert found, f"no regression explorer with lr, steps, play and a live figure in {path}"
    ex = found[0]
    # A name in the kernel for the explorer the classes were given to.
    lab.kernel_exec(
        "__gdtest_ex = [o for o in list(get_ipython().user_ns.values())"
        f" + list(Out.values()) if type(o).__name__ == {json.dumps(ex['type'])}][0]"
    )
    figure_class = json.dumps(ex["figure"]["class"])
    assert lab.kernel_json(f"{figure_class} in __gdtest_ex.figure.canvas._dom_classes")
    ex["figure_sel"] = "." + ex["figure"]["class"]
    ex["sel"] = {name: "." + c["class"] for name, c in ex["controls"].items()}
    return ex


def current(lab) -> dict:
    return lab.kernel_json(CURRENT)


def readout(lab, ex) -> dict[str, float]:
    """The `name = number` pairs the explorer's HTML readout shows under the figure."""
    assert ex.get("widget"), "the explorer exposes no .widget to find its readout in"
    # JupyterLab skips painting cells out of view (content-visibility), and innerText
    # of an unpainted element is empty: bring the readout into view first.
    box = lab.page.locator(f".{ex['widget']}").first
    last = box.locator(".widget-html").last
    last.scroll_into_view_if_needed()
    last.evaluate("(el) => new Promise((ok) => requestAnimationFrame(() => ok()))")
    lab.page.wait_for_function("(el) => el.innerText.trim().length > 0",
                               arg=last.element_handle())
    text = box.locator(".widget-html").all_inner_texts()
    pairs = re.findall(rf"([A-Za-z]\w*)\s*=\s*({NUMBER})", "\n".join(text))
    assert pairs, f"no readout found in {text}"
    values: dict[str, float] = {}
    for name, num in pairs:
        values.setdefault(name, float(num.replace(",", "")))
    return values


def assert_readout_matches(lab, ex, cur: dict) -> None:
    shown = readout(lab, ex)
    assert shown["k"] == cur["step"], (shown, cur)
    for name, value in (("w", cur["theta"][0]), ("b", cur["theta"][1]), ("loss", cur["loss"])):
        assert shown[name] == pytest.approx(value, rel=1e-3, abs=1e-4), (name, shown, cur)
    if "lr" in shown:  # the zone line under the lr slider, to 3 significant digits
        assert shown["lr"] == pytest.approx(cur["lr"], rel=5e-3), (shown, cur)


def press(lab, selector: str, key: str) -> None:
    lab.page.locator(f"{selector} .noUi-handle").first.focus()
    lab.page.keyboard.press(key)


def test_sliders_from_the_keyboard_redraw_and_the_readout_matches_current(lab, explorer):
    ex = explorer
    fig = ex["figure_sel"]
    start = current(lab)
    assert_readout_matches(lab, ex, start)

    # Learning rate: one key press is one 0.01-decade step up, to the round number there.
    before = lab.wait_canvas_stable(fig)
    press(lab, ex["sel"]["lr"], "ArrowRight")
    lab.wait_idle()
    after = lab.wait_canvas_change(fig, before)
    cur = current(lab)
    assert cur["lr"] == snap_lr(start["lr"] * 10**0.01)
    assert_readout_matches(lab, ex, cur)
    slider_readout = lab.page.locator(f"{ex['sel']['lr']} .widget-readout").text_content()
    assert float(slider_readout) == pytest.approx(cur["lr"], rel=5e-3)

    # Iteration slider: two presses left show an earlier step, with a different frame.
    press(lab, ex["sel"]["steps"], "ArrowLeft")
    press(lab, ex["sel"]["steps"], "ArrowLeft")
    lab.wait_idle()
    lab.wait_canvas_change(fig, after)
    cur2 = current(lab)
    assert cur2["step"] < cur["step"]
    assert cur2["lr"] == cur["lr"]
    assert cur2["loss"] > cur["loss"]  # stable GD: the loss falls with every step
    assert_readout_matches(lab, ex, cur2)
    assert not lab.kernel_errors(), lab.kernel_errors()  # no callback raised


def test_play_advances_the_step_and_stops_at_the_end(lab, explorer):
    ex = explorer
    fig = ex["figure_sel"]
    # Start a few frames before the end, so a whole play takes about a second.
    info = lab.kernel_json(
        "{'last': __gdtest_s.options[-1][1], 'start': __gdtest_s.value}",
        setup="__gdtest_s = __gdtest_ex.controls['steps']\n"
        "__gdtest_s.index = len(__gdtest_s.options) - 8",
    )
    lab.wait_idle()
    before = lab.wait_canvas_stable(fig)
    assert current(lab)["step"] == info["start"]

    lab.page.locator(f"{ex['sel']['play']} button").first.click()
    seen = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        cur = current(lab)
        seen.append(cur["step"])
        playing = lab.kernel_json("__gdtest_ex.controls['play'].playing")
        if cur["step"] == info["last"] and not playing:
            break
        time.sleep(0.1)
    assert seen[-1] == info["last"], f"play did not reach the last step: {seen}"
    assert any(info["start"] < k < info["last"] for k in seen), f"no step in between: {seen}"
    assert seen == sorted(seen), f"the step went backwards: {seen}"
    # Stopped: nothing moves any more.
    time.sleep(1.0)
    assert current(lab)["step"] == info["last"]
    lab.wait_idle()
    end = lab.wait_canvas_stable(fig)
    assert end != before
    assert_readout_matches(lab, ex, current(lab))
    assert not lab.kernel_errors(), lab.kernel_errors()


# Counts what is drawn onto the explorer's figure canvas: pixels put are the page's player's
# frames (gdlab.explorers.player), images drawn are ipympl's own.
_DRAW_COUNTER = """(sel) => {
    window.__gdtestDraws = {pixels: 0, other: 0};
    if (window.__gdtestDrawHooked) return;
    window.__gdtestDrawHooked = true;
    const draw = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (...args) {
        if (this.canvas === document.querySelector(sel)) window.__gdtestDraws.other += 1;
        return draw.apply(this, args);
    };
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (...args) {
        if (this.canvas === document.querySelector(sel)) window.__gdtestDraws.pixels += 1;
        return put.apply(this, args);
    };
}"""

# In the kernel: every frame the kernel sends, through ipympl or to the page's player.
_SENT_COUNTER = """
__gdtest_sent = []
def __gdtest_count():
    canvas, player = __gdtest_ex.figure.canvas, __gdtest_ex._frames.player.widget
    send, psend = canvas.send_binary, player.send
    def counted(data):
        __gdtest_sent.append(('ipympl', __gdtest_ex.controls['play'].playing, bytes(data)))
        return send(data)
    def pcounted(content, buffers=None):
        if content.get('show'):
            __gdtest_sent.append(('page', __gdtest_ex.controls['play'].playing, bytes(buffers[0])))
        return psend(content, buffers=buffers)
    canvas.send_binary, player.send = counted, pcounted
__gdtest_count()
"""


def play_to_the_end(lab, ex) -> None:
    """Click Play and wait until it has stopped at the step slider's last step, and all is still."""
    lab.page.locator(f"{ex['sel']['play']} button").first.click()
    deadline = time.monotonic() + 20
    while lab.kernel_json("__gdtest_ex.controls['play'].playing or __gdtest_s.index "
                          "!= len(__gdtest_s.options) - 1"):
        assert time.monotonic() < deadline, "Play did not reach the last step"
        time.sleep(0.1)
    lab.wait_idle()
    lab.wait_canvas_stable(ex["figure_sel"], quiet=1.0)


def test_play_is_drawn_by_the_page_from_frames_sent_once_and_ends_on_the_kernels_frame(lab, explorer):
    ex = explorer
    fig = ex["figure_sel"]
    held = ("all(__gdtest_ex._frames.on_page(k) for k in __gdtest_ex.step_grid)")
    deadline = time.monotonic() + 60
    while not lab.kernel_json(held):  # the page holds every frame of the step slider
        assert time.monotonic() < deadline, "the page never held every frame"
        time.sleep(0.2)
    lab.kernel_json("1", setup="__gdtest_s = __gdtest_ex.controls['steps']\n"
                    "__gdtest_s.index = len(__gdtest_s.options) - 12")
    lab.wait_idle()
    lab.wait_canvas_stable(fig, quiet=1.0)
    lab.page.evaluate(_DRAW_COUNTER, f"{fig} {harness.FIGURE_CANVAS}")
    lab.kernel_exec(_SENT_COUNTER)
    play_to_the_end(lab, ex)
    draws = lab.page.evaluate("() => window.__gdtestDraws")
    sent = lab.kernel_json("[(how, playing, len(png)) for how, playing, png in __gdtest_sent]")
    # The 11 steps were drawn by the page (a frame may give way to the next one, never all of
    # them), and the kernel sent no frame while Play played.
    assert draws["pixels"] >= 6, draws
    assert [s for s in sent if s[1]] == [], sent
    # After Play: the last step's frame, on the screen and in ipympl's own copy, exactly.
    assert lab.kernel_json("__gdtest_ex.current['step'] == __gdtest_s.value == __gdtest_s.options[-1][1]")
    assert lab.kernel_json("__gdtest_sent[-1][0] == 'ipympl' and __gdtest_sent[-1][2] == __import__("
                           "'gdlab.explorers.pixels', fromlist=['x']).fast_png("
                           "__gdtest_ex._frames.get(__gdtest_s.value).rgba())"), sent
    # The same weighted sum of every RGB byte, on the canvas and of the frame kept in the kernel.
    shown = lab.page.locator(f"{fig} {harness.FIGURE_CANVAS}").first.evaluate(
        """(c) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let sum = 0, n = 0;
                    for (let i = 0; i < d.length; i++) if (i % 4 !== 3) { sum += d[i] * (n % 251 + 1); n++; }
                    return [c.width, c.height, sum]; }""")
    kept = lab.kernel_json(
        "(lambda a: [a.shape[1], a.shape[0], int((a.ravel().astype('int64') * "
        "(__import__('numpy').arange(a.size) % 251 + 1)).sum())])("
        "__gdtest_ex._frames.get(__gdtest_s.value).rgba()[..., :3])")
    assert shown == kept
    assert_readout_matches(lab, ex, current(lab))
    assert not lab.kernel_errors(), lab.kernel_errors()


# At each frame put onto the explorer's canvas (the page's player's): the step the slider
# shows, the step of the frame (None for a frame of no step) and when, in ms.
_STEPS_DRAWN = """([sel, readout]) => {
    window.__gdtestSteps = [];
    if (window.__gdtestStepsHooked) return;
    window.__gdtestStepsHooked = true;
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (...args) {
        if (this.canvas === document.querySelector(sel))
            window.__gdtestSteps.push([document.querySelector(readout).textContent.trim(),
                                       this.canvas.gdlabStep, Math.round(performance.now())]);
        return put.apply(this, args);
    };
}"""


def test_play_pressed_at_once_after_a_new_learning_rate_draws_every_step(lab, explorer):
    # Right after the change the page holds none of the new run's frames (they are made once
    # the controls are left alone): Play waits for them (gdlab.explorers.player) rather than
    # skip the steps whose frames are not there yet.
    ex = explorer
    fig = ex["figure_sel"]
    labels = lab.kernel_json("[label for label, _ in __gdtest_ex.controls['steps'].options][-12:]",
                             setup="__gdtest_s = __gdtest_ex.controls['steps']\n"
                                   "__gdtest_s.index = len(__gdtest_s.options) - 12")
    lab.wait_idle()
    lab.wait_canvas_stable(fig, quiet=1.0)
    lab.page.evaluate(_STEPS_DRAWN, [f"{fig} {harness.FIGURE_CANVAS}",
                                     f"{ex['sel']['steps']} .widget-readout"])
    lab.page.locator(f"{ex['sel']['lr']} .noUi-handle").first.focus()
    lab.page.keyboard.press("ArrowRight")
    # As soon as the new run's frame is on the screen (a click within the ~30 ms before the
    # kernel has said the page's frames are stale can show one step of the old run).
    lab.page.wait_for_function("() => window.__gdtestSteps.length > 0", timeout=10_000)
    play_to_the_end(lab, ex)
    drawn = lab.page.evaluate("() => window.__gdtestSteps")
    n = lab.kernel_json("len(__gdtest_s.options)")
    # Each step's frame was put while the slider showed that step: not late, put in the same
    # moment as the next one (which the screen never shows), when the page had yet to decode
    # the background its frames change.
    label_of = dict(zip(range(n - 12, n), labels))
    on_time = {step for label, step, _ in drawn if step in label_of and label_of[step] == label}
    assert set(range(n - 11, n)) <= on_time, (labels, drawn)
    assert_readout_matches(lab, ex, current(lab))
    assert not lab.kernel_errors(), lab.kernel_errors()
