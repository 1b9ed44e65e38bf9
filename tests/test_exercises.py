"""The exercise checker: every exercise accepts its own solution, and no answer raises."""

import numpy as np
import pytest

import gdlab as gd

ex = gd.exercises
KEYS = ex.available()

ODD_ANSWERS = [
    None, ..., "", "0.5", "abc", True, np.bool_(False), 1 + 2j, print, {"a": 1}, object(),
    [], [1.0, 2.0, 3.0], [[1.0], [2.0]], [1.0, "x"], np.nan, np.inf, [np.nan, 1.0], -1e300,
    np.float32(0.5), np.array(3), 7, "c", "(b)",
]


@pytest.mark.parametrize("key", KEYS)
def test_each_exercise_accepts_its_solution(key):
    fb = ex.check(key, ex.solution(key))
    assert fb.correct, fb.message
    assert bool(fb) is True


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("answer", ODD_ANSWERS, ids=repr)
def test_no_answer_raises_and_every_verdict_has_words(key, answer):
    fb = ex.check(key, answer)
    assert fb.status in {"correct", "wrong", "unanswered", "malformed"}
    assert fb.message.strip()
    assert "Traceback" not in fb.message
    assert fb.key in repr(fb) and fb.key in fb._repr_html_()


@pytest.mark.parametrize("key", KEYS)
def test_none_means_not_answered_yet(key):
    fb = ex.check(key, None)
    assert fb.status == "unanswered" and not fb
    assert "None" in fb.message


@pytest.mark.parametrize("key", [k for k in KEYS if ex.get(k).kind != "choice"])
def test_a_wrong_number_gets_a_hint_not_a_verdict_only(key):
    right = np.asarray(ex.solution(key), dtype=float)
    wrong = right * 1.7 + 3.0
    fb = ex.check(key, wrong.tolist() if wrong.ndim else float(wrong))
    assert fb.status == "wrong"
    assert len(fb.message) > 20


@pytest.mark.parametrize("key", [k for k in KEYS if ex.get(k).kind == "choice"])
def test_a_wrong_choice_gets_a_hint(key):
    right = ex.solution(key)
    other = next(c for c in ex.get(key).choices if c.lower() != right)
    fb = ex.check(key, other)
    assert fb.status == "wrong" and fb.message


def test_text_that_looks_like_a_number_is_told_to_drop_the_quotes():
    fb = ex.check("01.2", "0.33")
    assert fb.status == "malformed" and "quotes" in fb.message


def test_common_slips_get_their_own_hint():
    assert "6" in ex.check("01.2", 2 / 3).message  # f'' = 2a, not a
    assert "order" in ex.check("02.1", [1.5, 2.0]).message
    assert "2r" in ex.check("02.2", (ex.solution("02.2") / 2).tolist()).message
    assert "whole" in ex.check("04.5", 0.01 * 0.5**2.5).message


def test_choices_accept_letter_case_brackets_and_the_option_value():
    assert ex.check("01.3", "C") and ex.check("01.3", " (c) ") and ex.check("01.3", 0.25)
    assert ex.check("01.3", 0.3).status == "malformed"
    assert ex.check("01.3", "z").status == "malformed"


def test_expected_answers_follow_the_data_passed_in():
    other = gd.make_linear_data(n=30, noise_std=0.3, seed=5)
    want = gd.LinearRegression(other).solve()
    assert ex.check("02.3", want.tolist(), data=other)
    assert not ex.check("02.3", want.tolist())  # the course data give another line
    assert np.allclose(ex.solution("02.3", data=other), want)


def test_expected_answers_are_computed_from_gdlab():
    data = gd.make_linear_data(seed=0)
    problem = gd.LinearRegression(data)
    ev = np.linalg.eigvalsh(problem.hessian())
    assert ex.solution("04.1") == pytest.approx(problem.lr_limit())
    assert ex.solution("04.2") == pytest.approx(2 / (ev[0] + ev[1]))
    assert ex.solution("03.1") == pytest.approx(problem.condition_number())
    assert ex.solution("03.2") == pytest.approx(1.0)
    assert ex.solution("01.2") == pytest.approx(gd.Parabola(a=3.0, c=1.0).lr_limit())
    traj = gd.run(gd.LinearRegression(gd.seed_points(seed=0)), gd.sgd(1e-4), [0, 0], steps=2000)
    exact = gd.exact_trajectory(gd.LinearRegression(gd.seed_points(seed=0)), 1e-4, [0, 0], 2000)
    assert np.allclose(traj.final_params, exact.final_params)


def test_solutions_are_cached_per_data_set_but_never_shared_mutably():
    data = gd.make_linear_data(n=20, seed=9)
    first = ex.solution("02.3", data=data)
    first[:] = 0.0
    assert np.allclose(ex.solution("02.3", data=data), gd.LinearRegression(data).solve())
    other = gd.make_linear_data(n=20, seed=10)
    assert not np.allclose(ex.solution("02.3", data=other), ex.solution("02.3", data=data))


def test_a_data_argument_that_is_not_a_dataset_gets_words():
    fb = ex.check("02.3", [1.0, 2.0], data=[1, 2, 3])
    assert fb.status == "malformed" and "Dataset" in fb.message


def test_unknown_key_names_the_known_ones():
    with pytest.raises(ValueError, match="01.1"):
        ex.check("99.9", 1.0)


def test_register_refuses_duplicates_and_unknown_kinds():
    with pytest.raises(ValueError, match="already"):
        ex.register("01.1", lambda _: 1.0, "h")
    with pytest.raises(ValueError, match="kind"):
        ex.register("zz.1", lambda _: 1.0, "h", kind="essay")
