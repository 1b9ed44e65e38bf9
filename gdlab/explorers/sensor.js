// The page's side of gdlab.explorers.column's sensor, read by the kernel when it makes the
// sensor's class. Finds the explorer's box (an ancestor with class gdlab-explorer), reports
// its width whenever it changes, and turns Space into Play/pause while focus is inside the
// box, except on the widgets where Space already means something (buttons, text fields,
// drop-downs: a focused Play button plays by itself).
function render({ model, el }) {
  let box = null, observer = null, frame = 0;
  const report = () => {
    const width = Math.floor(box.getBoundingClientRect().width);
    if (width > 0 && width !== model.get("width")) {
      model.set("width", width);
      model.save_changes();
    }
  };
  const onKey = (event) => {
    if (event.key !== " " || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("button, input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    event.stopPropagation();
    if (!event.repeat) model.send({ event: "space" });
  };
  const attach = () => {
    box = el.closest(".gdlab-explorer");
    if (!box) { frame = requestAnimationFrame(attach); return; }
    if (!box.hasAttribute("tabindex")) box.tabIndex = 0;  // a click on the explorer focuses it
    box.addEventListener("keydown", onKey);
    observer = new ResizeObserver(report);
    observer.observe(box);
    report();
  };
  attach();
  return () => {
    cancelAnimationFrame(frame);
    if (observer) observer.disconnect();
    if (box) box.removeEventListener("keydown", onKey);
  };
}
export default { render };
