import json
import re
import subprocess
import sys

import numpy as np
import pytest

import gdlab as gd


def test_default_run_prints_the_seed_story_with_typos_fixed(cli):
    code, out, err = cli()
    assert code == 0 and err == ""
    assert "Starting gradient descent at b = 0, w = 0, error = " in out
    assert "After 100000 iterations b = " in out
    assert "decent" not in out and "erroe" not in out
    # The article's loop, vectorised, written out here: independent of gdlab's closed form.
    data = gd.make_linear_data(seed=0)
    x, y, theta = data.x, data.y, np.zeros(2)
    for _ in range(100_000):
        r = theta[0] * x + theta[1] - y
        theta = theta - 1e-4 * np.array([2 * np.mean(r * x), 2 * np.mean(r)])
    loss = np.mean((theta[0] * x + theta[1] - y) ** 2)
    line = next(s for s in out.splitlines() if s.startswith("After 100000 iterations"))
    shown = dict(part.split(" = ") for part in line.split("iterations ")[1].split(", "))
    assert float(shown["b"]) == pytest.approx(theta[1], rel=1e-9)
    assert float(shown["w"]) == pytest.approx(theta[0], rel=1e-9)
    assert float(shown["error"]) == pytest.approx(loss, rel=1e-9)


def test_json_output_matches_run(cli):
    code, out, _ = cli("--json", "--n", "30", "--seed", "4", "--lr", "0.003", "--steps", "500",
                        "--optimizer", "momentum")
    assert code == 0
    result = json.loads(out)
    problem = gd.LinearRegression(gd.make_linear_data(n=30, seed=4))
    traj = gd.run(problem, gd.sgd(0.003, momentum=0.9), [0, 0], 500)
    assert result["w"] == pytest.approx(traj.final_params[0], rel=1e-12)
    assert result["b"] == pytest.approx(traj.final_params[1], rel=1e-12)
    assert result["loss"] == pytest.approx(traj.final_loss, rel=1e-12)
    assert result["steps"] == 500 and result["diverged_at"] is None
    assert [result["lstsq_w"], result["lstsq_b"]] == pytest.approx(problem.solve().tolist())


def test_json_reports_divergence(cli):
    code, out, _ = cli("--json", "--lr", "1", "--steps", "1000")
    result = json.loads(out)
    assert code == 0 and isinstance(result["diverged_at"], int) and np.isfinite(result["loss"])


def test_minibatch_and_csv(cli, tmp_path):
    data = gd.make_linear_data(n=25, seed=1)
    path = tmp_path / "pts.csv"
    path.write_text("x,y\n" + "\n".join(f"{float(x)!r},{float(y)!r}" for x, y in zip(data.x, data.y)))
    code, out, _ = cli("--json", "--csv", str(path), "--batch-size", "5", "--steps", "200",
                        "--lr", "0.002", "--seed", "3")
    result = json.loads(out)
    traj = gd.run(gd.LinearRegression(data), gd.sgd(0.002), [0, 0], 200, batch_size=5, seed=3)
    assert code == 0 and result["n"] == 25
    assert result["w"] == pytest.approx(traj.final_params[0], rel=1e-12)


@pytest.mark.parametrize(
    "args, words",
    [
        (["--lr", "0"], "lr"),
        (["--lr", "nan"], "lr"),
        (["--lr", "abc"], "--lr"),
        (["--steps", "-1"], "steps"),
        (["--steps", "2.5"], "--steps"),
        (["--n", "1"], "n must be >= 2"),
        (["--noise-std", "-2"], "noise_std"),
        (["--batch-size", "0"], "batch_size"),
        (["--batch-size", "101"], "batch_size"),
        (["--optimizer", "lbfgs"], "--optimizer"),
        (["--csv", "does-not-exist.csv"], "no such file"),
        (["--bogus"], "--bogus"),
    ],
)
def test_bad_input_prints_one_line_and_exits_2(cli, args, words):
    code, out, err = cli(*args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("gdlab: error: ") and words in err


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "empty"),
        ("x,y\n1,2\n2,oops\n", "line 3"),
        ("a,b\n1,2\n", "column 'x'"),
        ("x,y\n3,1\n3,2\n", "constant"),
    ],
)
def test_bad_csv_prints_one_line_and_exits_2(cli, tmp_path, text, words):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    code, out, err = cli("--csv", str(path))
    assert code == 2 and err.count("\n") == 1 and words in err


def test_whole_process_exit_code_and_no_matplotlib():
    probe = (
        "import sys, runpy; sys.argv = ['gdlab', '--steps', '100'];\n"
        "try:\n    runpy.run_module('gdlab', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'ipywidgets')]\n"
        "print('heavy:', bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "heavy: []" in out
    bad = subprocess.run([sys.executable, "-m", "gdlab", "--lr", "-1"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.strip() == "gdlab: error: lr must be positive, got -1.0"
    assert "Traceback" not in bad.stderr


def test_ctrl_c_prints_one_line_with_the_step_and_exits_130(tmp_path):
    import signal
    import time

    proc = subprocess.Popen([sys.executable, "-m", "gdlab", "--optimizer", "adam", "--steps", "8000000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)  # well into the run (imports take ~0.2 s)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert re.fullmatch(r"gdlab: interrupted after step [\d,]+ of 8,000,000; nothing printed\n", err), err


def test_progress_goes_to_a_terminal_only(monkeypatch, capsys):
    import gdlab.cli as cli

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    progress = cli._Progress(200_000)
    for k in range(4096, 200_000, 4096):
        progress(k)
    progress.clear()
    err = capsys.readouterr().err
    assert "step 65,536 of 200,000 (33%)" in err and "step 131,072 of 200,000 (66%)" in err
    assert err.endswith("\r\033[K")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    quiet = cli._Progress(200_000)
    quiet(65_536)
    assert capsys.readouterr().err == "" and quiet.step == 65_536


def test_json_is_strict_and_shows_the_step_of_its_values(cli):
    code, out, _ = cli("--json", "--lr", "1", "--steps", "1000")
    result = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-strict JSON constant {c}"))
    assert code == 0 and result["step_shown"] == result["diverged_at"] - 1


def test_step_zero_shows_the_start_exactly(cli):
    code, out, _ = cli("--steps", "0")
    assert code == 0 and "After 0 iterations b = 0.0, w = 0.0, error = " in out
