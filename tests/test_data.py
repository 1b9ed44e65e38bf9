import numpy as np
import pytest
import scripts

import gdlab as gd


def _listing():
    return scripts.load("benchmarks/seed_listing.py")


@pytest.mark.parametrize("seed", [0, 1, 42, 2024])
def test_seed_points_are_the_listings_points_bit_for_bit(seed):
    listing = _listing()
    np.random.seed(seed)
    points = np.array(listing.data())
    data = gd.seed_points(seed)
    assert np.array_equal(data.x, points[:, 0])
    assert np.array_equal(data.y, points[:, 1])
    assert len(data) == 16


def test_seed_points_keep_the_defect_every_point_on_one_line():
    data = gd.seed_points(7)
    shift = data.y - 1.477 * data.x
    assert np.ptp(shift) < 1e-12  # one noise value for every point
    fit = gd.LinearRegression(data)
    assert fit.min_loss() < 1e-25
    assert fit.solve()[0] == pytest.approx(1.477, abs=1e-12)


def test_seed_points_leave_the_global_generator_alone():
    np.random.seed(5)
    expected = np.random.normal()
    np.random.seed(5)
    gd.seed_points(3)
    assert np.random.normal() == expected


def test_make_linear_data_draws_noise_per_point():
    data = gd.make_linear_data(n=2000, seed=1)
    assert len(data) == 2000 and data.x[0] == 0.0 and data.x[-1] == 15.0
    assert np.allclose(np.diff(data.x), 15.0 / 1999)
    noise = data.y - (1.477 * data.x + 0.089)
    assert noise.std() == pytest.approx(1.0, rel=0.06)
    assert noise.mean() == pytest.approx(0.01, abs=0.08)
    assert (data.true_w, data.true_b) == (1.477, 0.089)


def test_make_linear_data_is_reproducible_and_seeded():
    a, b, c = (gd.make_linear_data(seed=s) for s in (3, 3, 4))
    assert np.array_equal(a.y, b.y)
    assert not np.array_equal(a.y, c.y)


def test_make_linear_data_without_noise_lies_on_the_line():
    data = gd.make_linear_data(n=5, w=2.0, b=-1.0, noise_mean=0.0, noise_std=0.0, x_range=(1, 3))
    assert np.allclose(data.y, 2.0 * data.x - 1.0)


def test_dataset_arrays_are_read_only():
    data = gd.make_linear_data(seed=0)
    with pytest.raises(ValueError):
        data.x[0] = 1.0


def test_standardized_has_mean_zero_unit_std():
    s = gd.make_linear_data(seed=0).standardized()
    assert s.x.mean() == pytest.approx(0.0, abs=1e-12)
    assert s.x.std() == pytest.approx(1.0)


def test_make_logistic_data_labels_and_separable():
    noisy = gd.make_logistic_data(n=300, seed=0)
    assert set(np.unique(noisy.y)) == {0.0, 1.0}
    sep = gd.make_logistic_data(n=50, w=2.0, b=-1.0, separable=True, seed=0)
    assert np.array_equal(sep.y, (2.0 * sep.x - 1.0 > 0).astype(float))


def test_load_csv_with_header(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("y,note,x\n1.5,a,0\n3.5,b,1\n\n5.5,c,2\n")
    data = gd.load_csv(path)
    assert data.x.tolist() == [0.0, 1.0, 2.0]
    assert data.y.tolist() == [1.5, 3.5, 5.5]


def test_load_csv_named_columns(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("hours,score\n1,10\n2,20\n")
    data = gd.load_csv(path, x="hours", y="score")
    assert data.y.tolist() == [10.0, 20.0]


def test_load_csv_bare_columns(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("0,1\n1,3\n2,5.25\n")
    data = gd.load_csv(str(path))
    assert data.x.tolist() == [0.0, 1.0, 2.0] and data.y.tolist() == [1.0, 3.0, 5.25]


def test_load_csv_round_trips_generated_data(tmp_path):
    original = gd.make_linear_data(n=30, seed=2)
    path = tmp_path / "d.csv"
    np.savetxt(path, np.column_stack([original.x, original.y]), delimiter=",", header="x,y", comments="")
    loaded = gd.load_csv(path)
    assert np.array_equal(loaded.x, original.x) and np.array_equal(loaded.y, original.y)
