"""The handwritten digits and softmax regression, each checked against something written out here.

References: a per-image loop for the loss, central differences for the gradient, plain numpy
loops for gd, momentum and Adam (torch.optim's documented rules), a Hessian by differences
for the learning-rate bound, and the notebook's own cell for the accuracy it prints.
"""

import gzip
import hashlib
import math
import warnings
from importlib import resources
from pathlib import Path

import nbformat
import numpy as np
import pytest

import gdlab as gd

ROOT = Path(__file__).resolve().parents[1]
DIGITS = gd.load_digits()
TRAIN, TEST = DIGITS.split(test_fraction=0.25, seed=0)
PROBLEM = gd.SoftmaxRegression(TRAIN)
RNG = np.random.default_rng(12)
THETA = RNG.normal(scale=0.3, size=650)  # a point where every probability is far from 0 and 1


# --- the data -----------------------------------------------------------------------------------


def test_all_1797_images_with_their_labels():
    assert DIGITS.images.shape == (1797, 8, 8) and DIGITS.X.shape == (1797, 64)
    assert DIGITS.images.min() == 0 and DIGITS.images.max() == 16
    assert np.bincount(DIGITS.labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    np.testing.assert_array_equal(DIGITS.X, DIGITS.images.reshape(1797, 64) / 16)
    assert DIGITS.X.min() == 0.0 and DIGITS.X.max() == 1.0
    np.testing.assert_array_equal(DIGITS.index, np.arange(1797))


def test_the_images_are_the_rows_of_the_shipped_file():
    path = resources.files("gdlab.datasets").joinpath("digits.csv.gz")
    with path.open("rb") as fh:
        raw = fh.read()
    readme = resources.files("gdlab.datasets").joinpath("README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(raw).hexdigest() in readme  # the README names the exact file
    lines = gzip.decompress(raw).decode().splitlines()
    assert len(lines) == 1797
    for i in (0, 1, 900, 1796):
        values = [int(v) for v in lines[i].split(",")]
        assert DIGITS.images[i].ravel().tolist() == values[:64] and DIGITS.labels[i] == values[64]


def test_arrays_are_read_only():
    for arr in (DIGITS.images, DIGITS.X, DIGITS.labels, TRAIN.X):
        with pytest.raises(ValueError):
            arr[0] = 1


def test_the_split_is_fixed_uses_every_image_once_and_keeps_each_digits_share():
    again_train, again_test = gd.load_digits().split(test_fraction=0.25, seed=0)
    np.testing.assert_array_equal(TRAIN.index, again_train.index)
    np.testing.assert_array_equal(TEST.index, again_test.index)
    assert len(TRAIN) == 1347 and len(TEST) == 450
    assert np.intersect1d(TRAIN.index, TEST.index).size == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([TRAIN.index, TEST.index])), np.arange(1797))
    counts = np.bincount(DIGITS.labels)
    assert np.bincount(TEST.labels, minlength=10).tolist() == [int(round(0.25 * c)) for c in counts]
    for part in (TRAIN, TEST):  # each image keeps its label and pixels
        np.testing.assert_array_equal(part.images, DIGITS.images[part.index])
        np.testing.assert_array_equal(part.labels, DIGITS.labels[part.index])
    other = DIGITS.split(test_fraction=0.25, seed=1)[1]
    assert not np.array_equal(other.index, TEST.index)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5, float("nan")])
def test_split_refuses_fractions_outside_zero_one(bad):
    with pytest.raises(ValueError, match="test_fraction"):
        DIGITS.split(test_fraction=bad)


# --- the model: θ's layout, predictions ----------------------------------------------------------------


def test_theta_layout_is_weights_row_by_row_then_biases():
    theta = np.arange(650, dtype=float)
    W, b = PROBLEM.unpack(theta)
    assert W.shape == (10, 64) and b.shape == (10,)
    assert W[3, 5] == 64 * 3 + 5 and b[7] == 640 + 7
    np.testing.assert_array_equal(PROBLEM.pack(W, b), theta)
    templates = PROBLEM.weights(theta)
    assert templates.shape == (10, 8, 8) and templates[2, 1, 0] == 64 * 2 + 8


def test_scores_probabilities_predictions_and_accuracy_by_hand():
    W, b = PROBLEM.unpack(THETA)
    x, label = TEST.X[17], TEST.labels[17]
    z = [sum(W[c, j] * x[j] for j in range(64)) + b[c] for c in range(10)]
    np.testing.assert_allclose(PROBLEM.scores(THETA, TEST)[17], z, rtol=1e-12)
    p = PROBLEM.probabilities(THETA, TEST.X)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(p[17], np.exp(z) / np.sum(np.exp(z)), rtol=1e-12)
    assert PROBLEM.predict(THETA, TEST)[17] == int(np.argmax(z))
    right = sum(int(np.argmax(W @ xi + b) == yi) for xi, yi in zip(TEST.X, TEST.labels))
    assert PROBLEM.accuracy(THETA, TEST) == right / 450
    assert isinstance(label, np.integer)


def test_bad_data_and_inputs_get_clear_errors():
    with pytest.raises(TypeError, match="data"):
        gd.SoftmaxRegression(gd.make_linear_data(seed=0))
    with pytest.raises(ValueError, match="650"):
        PROBLEM.loss(np.zeros(64))
    with pytest.raises(ValueError, match="digits.X"):
        PROBLEM.predict(THETA, TEST.images)
    with pytest.raises(TypeError, match="data"):
        PROBLEM.accuracy(THETA, TEST.X)


# --- loss and gradient against independent references --------------------------------------------------


def _loss_by_loop(theta, data, rows=None):
    """Mean cross-entropy as the definition reads: one image at a time, −log p(its label)."""
    W, b = theta[:640].reshape(10, 64), theta[640:]
    rows = range(len(data)) if rows is None else rows
    total = []
    for i in rows:
        z = [float(np.dot(W[c], data.X[i]) + b[c]) for c in range(10)]
        total.append(math.log(sum(math.exp(v) for v in z)) - z[data.labels[i]])
    return math.fsum(total) / len(total)


def test_loss_equals_the_per_image_loop():
    assert PROBLEM.loss(THETA) == pytest.approx(_loss_by_loop(THETA, TRAIN), rel=1e-12)
    idx = np.array([5, 900, 3, 3, 1346])
    assert PROBLEM.loss(THETA, idx) == pytest.approx(_loss_by_loop(THETA, TRAIN, idx), rel=1e-12)
    assert PROBLEM.loss(np.zeros(650)) == pytest.approx(math.log(10), rel=1e-14)


def test_losses_of_many_rows_equal_the_loss_of_each():
    params = THETA + RNG.normal(scale=0.2, size=(70, 650))  # more than one block of 64
    np.testing.assert_allclose(PROBLEM.losses(params), [PROBLEM.loss(p) for p in params], rtol=1e-12)


def test_gradient_equals_central_differences():
    coords = np.r_[RNG.choice(640, size=30, replace=False), 640 + np.arange(10)]
    h = 1e-6
    for idx in (None, np.array([4, 8, 15, 16, 23, 42])):
        g = PROBLEM.grad(THETA, idx)
        assert g.shape == (650,)
        for j in coords:
            e = np.zeros(650)
            e[j] = h
            numeric = (PROBLEM.loss(THETA + e, idx) - PROBLEM.loss(THETA - e, idx)) / (2 * h)
            assert g[j] == pytest.approx(numeric, rel=1e-6, abs=1e-9), j


def test_gradient_of_one_image_is_p_minus_one_hot_times_the_pixels():
    i = 11
    W, b = PROBLEM.unpack(THETA)
    z = W @ TRAIN.X[i] + b
    r = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    r[TRAIN.labels[i]] -= 1
    expected = np.concatenate([np.outer(r, TRAIN.X[i]).ravel(), r])
    np.testing.assert_allclose(PROBLEM.grad(THETA, np.array([i])), expected, rtol=1e-12, atol=1e-15)


def test_huge_logits_give_a_finite_loss_and_gradient_and_no_warning():
    W, b = np.zeros((10, 64)), np.zeros(10)
    b[0], b[1] = 1e300, -1e300  # every image scores 1e300 for a 0, −1e300 for a 1, 0 for the rest
    theta = PROBLEM.pack(W, b)
    y = TRAIN.labels
    exact = np.mean(np.where(y == 0, 0.0, np.where(y == 1, 2e300, 1e300)))  # log Σ e^z = 1e300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = PROBLEM.loss(theta)
        grad = PROBLEM.grad(theta)
        losses = PROBLEM.losses(np.vstack([theta, -theta]))
        gd.problems.log_softmax(np.array([[1e300, -1e300], [-1e300, 1e300]]))
    assert math.isfinite(loss) and loss == pytest.approx(exact, rel=1e-12)
    assert np.all(np.isfinite(grad)) and np.all(np.isfinite(losses))
    onehot = np.eye(10)[y]
    p = np.zeros(10)
    p[0] = 1.0
    np.testing.assert_allclose(grad[640:], (p - onehot).mean(axis=0), rtol=1e-12, atol=1e-15)


# --- the optimizers, through gd.run, against plain numpy loops --------------------------------------------


def _grad_by_hand(theta, X, y):
    W, b = theta[:640].reshape(10, 64), theta[640:]
    z = X @ W.T + b
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    return np.concatenate([(p.T @ X).ravel(), p.sum(axis=0)]) / len(y)


def _batches(n, size, seed):
    rng = np.random.default_rng(seed)
    while True:
        order = rng.permutation(n)
        yield from (order[i : i + size] for i in range(0, n, size))


def _loop(name, lr, steps, batch_size=None, seed=None):
    """θ_0..θ_steps written out: gd θ ← θ − lr·g; momentum b ← 0.9b + g, θ ← θ − lr·b; Adam
    m ← 0.9m + 0.1g, v ← 0.999v + 0.001g², θ ← θ − lr·m̂/(√v̂ + 1e-8)."""
    theta, out = np.zeros(650), [np.zeros(650)]
    buf, m, v = None, np.zeros(650), np.zeros(650)
    batches = _batches(len(TRAIN), batch_size, seed) if batch_size else None
    for t in range(1, steps + 1):
        idx = next(batches) if batches else slice(None)
        g = _grad_by_hand(theta, TRAIN.X[idx], TRAIN.labels[idx])
        if name == "gd":
            theta = theta - lr * g
        elif name == "momentum":
            buf = g if buf is None else 0.9 * buf + g
            theta = theta - lr * buf
        else:
            m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
            theta = theta - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        out.append(theta)
    return np.array(out)


@pytest.mark.parametrize("name", ["gd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [None, 32])
def test_optimizer_steps_equal_the_plain_loop(name, batch_size):
    steps = 60  # more than one epoch of 43 batches
    traj = gd.run(PROBLEM, gd.optimizers.make_optimizer(name, 0.01), np.zeros(650), steps,
                  batch_size=batch_size, seed=3)
    expected = _loop(name, 0.01, steps, batch_size, seed=3)
    # Adam divides by √v + 1e-8: where a pixel is blank in a whole batch, g is 0 up to rounding
    # (~1e-17) and the two loops' different rounding is scaled by lr/eps = 1e6 there.
    np.testing.assert_allclose(traj.params, expected, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(traj.losses[[0, 17, 60]],
                               [_loss_by_loop(expected[k], TRAIN) for k in (0, 17, 60)], rtol=1e-10)


def test_a_recorded_run_keeps_the_same_losses_and_the_asked_iterates():
    full = gd.run(PROBLEM, gd.adam(0.01), np.zeros(650), 600, batch_size=32, seed=0)
    kept = gd.run(PROBLEM, gd.adam(0.01), np.zeros(650), 600, batch_size=32, seed=0,
                  record=range(0, 601, 43))
    assert kept.params.shape == (15, 650)  # 0, 43, ..., 559, and the last step 600
    assert kept.recorded_steps.tolist() == [*range(0, 601, 43), 600]
    np.testing.assert_allclose(kept.losses, full.losses, rtol=1e-12)
    np.testing.assert_array_equal(kept.states([43, 559])[0], full.params[[43, 559]])
    np.testing.assert_array_equal(kept.final_params, full.final_params)
    with pytest.raises(ValueError, match="step 44"):
        kept.at(44)


# --- the learning-rate bound ---------------------------------------------------------------------------


SMALL = gd.SoftmaxRegression(TRAIN.subset(np.arange(120)))  # the bound holds for any data


def _hessian(problem, theta):
    """The Hessian by central differences of the gradient, column by column."""
    h = 1e-5
    cols = []
    for j in range(650):
        e = np.zeros(650)
        e[j] = h
        cols.append((problem.grad(theta + e) - problem.grad(theta - e)) / (2 * h))
    H = np.array(cols)
    return 0.5 * (H + H.T)


def test_lr_limit_is_below_two_over_the_largest_curvature_anywhere():
    A = np.column_stack([TRAIN.X, np.ones(len(TRAIN))])
    assert PROBLEM.lr_limit() == pytest.approx(4 / np.linalg.eigvalsh(A.T @ A / len(A))[-1], rel=1e-12)
    for theta in (np.zeros(650), THETA, 5 * THETA):
        top = np.linalg.eigvalsh(_hessian(SMALL, theta))[-1]
        assert SMALL.lr_limit() <= 2 / top
    # At θ = 0 every p is 1/10, so H = (AᵀA/N) ⊗ (I − 11ᵀ/10)/10: a fifth of the bound's curvature.
    top0 = np.linalg.eigvalsh(_hessian(SMALL, np.zeros(650)))[-1]
    assert 2 / top0 == pytest.approx(5 * SMALL.lr_limit(), rel=1e-6)


def test_plain_gd_just_below_the_limit_lowers_the_loss_at_every_step():
    traj = gd.run(PROBLEM, gd.sgd(0.99 * PROBLEM.lr_limit()), 3 * THETA, 200)
    assert traj.diverged_at is None and np.all(np.diff(traj.losses) < 0)
    assert PROBLEM.min_loss() is None


# --- notebook 10's figures and exercises ---------------------------------------------------------------


def test_gallery_captions_and_frames_the_misread_digits():
    fig, ax = gd.plots.mosaic_figure(6, columns=3)
    labels = TEST.labels[:6]
    predicted = labels.copy()
    predicted[[1, 4]] = (labels[[1, 4]] + 1) % 10
    art = gd.plots.gallery(ax, TEST.images[:6], labels, predicted=predicted, columns=3)
    assert len(art.frames) == 2 and len(art.labels) == 6
    assert art.labels[1].get_text() == f"{labels[1]}→{predicted[1]}"
    assert art.labels[0].get_text() == str(labels[0]) and art.labels[0].get_color() == "black"
    assert art.labels[4].get_color() == gd.plots.COLORS["vermillion"]
    mosaic = art.image.get_array()
    assert mosaic.shape == (2 * 12, 3 * 10 - 2)  # rows of an 8-pixel image under a 4-pixel band
    np.testing.assert_array_equal(mosaic[4:12, 10:18], TEST.images[1])  # second image, first row


def test_templates_share_one_colour_scale_centred_on_zero():
    fig, ax = gd.plots.mosaic_figure(10, columns=5)
    weights = PROBLEM.weights(THETA)
    art = gd.plots.templates(ax, weights)
    top = np.abs(weights).max()
    assert art.image.get_clim() == (-top, top)
    assert [t.get_text() for t in art.labels] == [str(c) for c in range(10)]


def test_curves_by_epoch_take_the_optimizers_labels_and_colours():
    fig, ax = gd.plots.subplots()
    lines = gd.plots.by_epoch(ax, {"momentum": [3.0, 2.0, 1.0, 0.5], "mine": [1.0, 0.5, 0.2, 0.1]},
                                     per_epoch=2)
    assert lines[0].get_label() == "Momentum"
    assert lines[0].get_color() == gd.plots.OPTIMIZER_COLORS["momentum"]
    assert lines[1].get_label() == "mine"
    np.testing.assert_array_equal(lines[0].get_xdata(), [0.0, 0.5, 1.0, 1.5])


def _first_batch():
    """The first batch of 32 that run(..., batch_size=32, seed=0) draws."""
    return np.random.default_rng(0).permutation(len(TRAIN))[:32]


def test_notebook_10_exercises_are_computed_from_gdlab():
    ex = gd.exercises
    assert {"10.1", "10.2", "10.3", "10.4"} <= set(ex.available())
    assert ex.solution("10.1") == 10 * (28 * 28 + 1)
    first = gd.run(PROBLEM, gd.adam(0.01), np.zeros(650), 1, batch_size=32, seed=0).params[1]
    assert ex.solution("10.2") == pytest.approx(abs(first[640]), rel=1e-12)
    assert ex.solution("10.2") == pytest.approx(0.01, rel=1e-5)
    np.testing.assert_allclose(ex.solution("10.3"), 0.1 - np.bincount(TRAIN.labels) / len(TRAIN), rtol=1e-12)
    assert ex.check("10.3", (0.1 - np.bincount(TRAIN.labels) / len(TRAIN)).tolist())
    assert "SGD" in ex.check("10.2", 0.01 * abs(PROBLEM.grad(np.zeros(650), _first_batch())[640])).message


# --- what notebook 10 prints ------------------------------------------------------------------------------


NOTEBOOK = ROOT / "notebooks" / "10_handwritten_digits.ipynb"
#: The run of notebook 10 that it reports the held-out accuracy of; the test below finds this
#: exact line in the notebook, so the two cannot drift apart.
DEFAULT_RUN = ("traj = gd.run(problem, gd.adam(0.01), np.zeros(problem.dim), steps=30 * batches, "
               "batch_size=32, seed=0)")


def test_held_out_accuracy_at_the_articles_lr_with_the_notebooks_defaults():
    source = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code")
    assert DEFAULT_RUN in source
    assert "digits = gd.load_digits()\ntrain, test = digits.split(test_fraction=0.25, seed=0)" in source
    assert "problem = gd.SoftmaxRegression(train)" in source
    assert "batches = -(-len(train) // 32)" in source
    problem, batches = PROBLEM, -(-len(TRAIN) // 32)
    traj = gd.run(problem, gd.adam(0.01), np.zeros(problem.dim), steps=30 * batches, batch_size=32, seed=0)
    accuracy = problem.accuracy(traj.final_params, TEST)
    assert accuracy >= 0.95
    assert f"{accuracy:.1%}" == "96.0%" and round(accuracy * 450) == 432
