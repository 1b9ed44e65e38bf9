// The page's side of gdlab.explorers.player (its docstring says what and why): an anywidget
// module, read by the kernel when it makes the player's class.
const BUFFER = 500;  // ms one Play may wait, in all, for frames the kernel is still sending
async function render({ model, el }) {
  // The step slider's frames of the current generation: index -> [runs, values], the pixels
  // where each differs from `key`, the background's ImageData (sent once, as a PNG: null until
  // decoded, which takes 30-60 ms; a frame is held only once its background is).
  const frames = new Map();
  let key = null, scratch = null, keys = 0;
  let unsaid = [];  // frames come before their background is decoded: the kernel is told after
  let alive = true, play = null;  // play: the Play widget's model, once known
  let base = null, baseN = null, chain = Promise.resolve();  // the last frame sent as pixels
  const words = (view) => view.byteOffset % 4  // a buffer's 32-bit words (one per pixel)
    ? new Uint32Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength))
    : new Uint32Array(view.buffer, view.byteOffset, view.byteLength >> 2);
  const copyRuns = (image, runs, values) => {  // runs: n starts, then n lengths; then their pixels
    const pixels = new Uint32Array(image.data.buffer), n = runs.length >> 1;
    for (let r = 0, v = 0; r < n; r++) {
      pixels.set(values.subarray(v, v + runs[n + r]), runs[r]);
      v += runs[n + r];
    }
  };
  const pixelsOf = async (png) => {  // a PNG's pixels, as ImageData
    const bitmap = await createImageBitmap(new Blob([png], { type: "image/png" }));
    const copy = new OffscreenCanvas(bitmap.width, bitmap.height).getContext(
      "2d", { willReadFrequently: true });
    copy.drawImage(bitmap, 0, 0);
    bitmap.close();
    return copy.getImageData(0, 0, copy.canvas.width, copy.canvas.height);
  };
  const canvas = () => {
    const box = el.closest(".gdlab-explorer");
    return box && box.querySelector(".jupyter-matplotlib-canvas-div > canvas");
  };
  // A frame of step i is drawn when i is the step the slider (linked to Play) shows, or lies
  // between the step on the canvas and that one (a frame that comes late while Play moves on
  // still moves the picture forward); never one that would take the picture back.
  let onCanvas = null, onCanvasOf = null;  // the step of the frame on the canvas, its generation
  const now = (i) => {
    if (!alive || i === undefined || i === null || !play) return alive;
    const at = play.get("value");
    return i === at || (onCanvas !== null && (onCanvas - i) * (i - at) > 0);
  };
  const draw = (image, w, h, i) => {
    const target = canvas();
    if (!target || target.width !== w || target.height !== h) {
      model.send({ event: "missed" });  // the kernel sends it through ipympl instead
      return;
    }
    target.gdlabStep = i === undefined ? null : i;  // the step it shows, for whoever asks (tests)
    if (image instanceof ImageData) target.getContext("2d").putImageData(image, 0, 0);
    else target.getContext("2d").drawImage(image, 0, 0);
    onCanvas = i === undefined ? null : i;
    onCanvasOf = model.get("generation");
  };
  const held = (i) => key !== null && frames.has(i);
  const show = (i) => {  // Play (or the step slider) moved to step i
    if (!held(i) || !now(i)) return;  // not held: the kernel sends it, or draws it once it can
    const { width: w, height: h } = key, frame = frames.get(i);
    if (!scratch || scratch.width !== w || scratch.height !== h) scratch = new ImageData(w, h);
    scratch.data.set(key.data);
    copyRuns(scratch, frame[0], frame[1]);
    draw(scratch, w, h, i);
  };
  // The frame of the step shown, once held, if the canvas does not show it yet (Play's first
  // step, taken at the click before the new run's frames came, or a step slider's key pressed
  // while the background was decoded).
  const showHeld = () => {
    const at = play && play.get("value");
    if (play && held(at) && (onCanvas !== at || onCanvasOf !== model.get("generation"))) show(at);
  };
  // Frames the kernel sends are drawn in the order sent. An error here is a bug: said in the
  // console (where the browser tests see it), and the kernel asked for the frame again.
  const failed = (e) => console.error("gdlab's page player:", e);
  const later = (work) => { chain = chain.then(work).catch((e) => {
    failed(e);
    base = baseN = null;
    model.send({ event: "missed", pixels: true });
  }); };
  const showPixels = (content, buffers) => later(async () => {  // what changed since `content.base`
    const [w, h] = content.size;
    if (content.base === null) {  // whole, as a PNG: decoded, and its pixels kept
      base = await pixelsOf(buffers[0]);
    } else if (base && baseN === content.base && base.width === w && base.height === h) {
      copyRuns(base, words(buffers[0]), words(buffers[1]));
    } else {  // a change to a frame this page does not hold
      base = baseN = null;  // until a whole frame comes
      model.send({ event: "missed", pixels: true });
      return;
    }
    baseN = content.n;
    if (now(content.index)) draw(base, w, h, content.index);
  });
  model.on("msg:custom", (content, buffers) => { try { heard(content, buffers); } catch (e) { failed(e); } });
  const heard = (content, buffers) => {
    if (content.show === "pixels") { showPixels(content, buffers); return; }
    if (content.generation !== model.get("generation")) return;
    const have = (indices) => model.send({ event: "have", generation: content.generation, indices });
    if (content.key) {
      const n = ++keys;
      key = null;
      pixelsOf(buffers[0]).then((image) => {
        if (n !== keys || model.get("generation") !== content.generation) return;
        key = image;
        if (unsaid.length) have(unsaid);
        unsaid = [];
        showHeld();
      }).catch(failed);  // none held: the kernel, never told, draws every step
      return;
    }
    content.indices.forEach((i, n) => frames.set(i, [words(buffers[2 * n]), words(buffers[2 * n + 1])]));
    if (key) have(content.indices);
    else unsaid.push(...content.indices);
    showHeld();
  };
  model.on("change:generation", () => { frames.clear(); key = null; unsaid = []; keys++; });
  play = await model.widget_manager.get_model(model.get("play_id"));
  if (!alive) return;
  const onValue = () => show(play.get("value"));
  const onPlaying = () => {
    delete play.__gdlabWaited;
    if (!play.get("playing")) delete play.__gdlabDue;
  };
  const lacks = (i) => !held(i);
  play.__gdlabLacks = lacks;
  play.on("change:value", onValue);
  play.on("change:playing", onPlaying);
  if (typeof play.schedule_next === "function" && !play.__gdlabSteady) {
    play.__gdlabSteady = true;  // each step due `interval` after the one before was due
    play.schedule_next = function () {
      const now = performance.now(), dt = this.get("interval"), due = this.__gdlabDue;
      this.__gdlabDue = due !== undefined && now - due < dt ? due + dt : now + dt;
      // A step whose frame the page does not hold yet (a run just changed: the kernel is making
      // them) waits an interval at a time, at most BUFFER ms in one Play, rather than be skipped.
      const tick = () => {
        const next = this.get("value") + this.get("step"), waited = this.__gdlabWaited || 0;
        if (this.get("playing") && next <= this.get("max") && waited < BUFFER
            && this.__gdlabLacks && this.__gdlabLacks(next)) {
          this.__gdlabWaited = waited + dt;
          this.__gdlabDue += dt;
          this._timerId = window.setTimeout(tick, Math.max(0, this.__gdlabDue - performance.now()));
        } else this.loop();
      };
      this._timerId = window.setTimeout(tick, Math.max(0, this.__gdlabDue - now));
    };
  }
  model.send({ event: "ready" });
  return () => {
    alive = false;
    play.off("change:value", onValue);
    play.off("change:playing", onPlaying);
    if (play.__gdlabLacks === lacks) delete play.__gdlabLacks;
    frames.clear();
    key = scratch = base = null;
  };
}
export default { render };
