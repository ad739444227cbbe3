"""Unit tests for dlcourse.scenes (small synthetic scenes, no data files needed)."""

import numpy as np
import pytest

from dlcourse import scenes
from dlcourse.scenes import MASK_CLASSES, RECTANGLE, TRIANGLE, make_scenes


def test_shapes_and_dtypes():
    s = make_scenes(7, size=32, n_circles=3, n_lines=2, seed=0)
    assert s.images.shape == (7, 32, 32, 1) and s.images.dtype == np.float32
    assert s.labels.shape == (7,) and set(s.labels) <= {TRIANGLE, RECTANGLE}
    assert s.boxes.shape == (7, 4) and s.boxes.dtype == np.float32
    assert s.masks.shape == (7, 32, 32) and s.masks.dtype == np.uint8
    assert s.images.min() >= 0.0 and s.images.max() <= 1.0
    assert s.masks.max() < len(MASK_CLASSES)
    colour = make_scenes(3, size=32, channels=3, seed=0)
    assert colour.images.shape == (3, 32, 32, 3)


def test_boxes_inside_canvas_and_ordered():
    size = 48
    s = make_scenes(200, size=size, seed=1)
    x0, y0, x1, y1 = s.boxes.T
    assert np.all((0 <= x0) & (x0 < x1) & (x1 <= size))
    assert np.all((0 <= y0) & (y0 < y1) & (y1 <= size))


def test_box_tightly_encloses_the_target_pixels():
    # Without distractors every target pixel is visible, so the box must be its exact hull.
    s = make_scenes(100, size=40, n_circles=0, n_lines=0, seed=2)
    for mask, box, label in zip(s.masks, s.boxes, s.labels):
        rows, cols = np.nonzero(mask)
        assert set(np.unique(mask[rows, cols])) == {3 if label == TRIANGLE else 4}
        np.testing.assert_array_equal(box, [cols.min(), rows.min(), cols.max() + 1, rows.max() + 1])


def test_visible_target_pixels_stay_inside_box_with_distractors():
    s = make_scenes(100, size=64, seed=3)
    for mask, box in zip(s.masks, s.boxes):
        rows, cols = np.nonzero(mask >= 3)
        x0, y0, x1, y1 = box
        assert np.all((cols >= x0) & (cols < x1) & (rows >= y0) & (rows < y1))


def test_labels_match_masks_and_probability():
    s = make_scenes(300, size=32, n_circles=0, n_lines=0, seed=4)
    target_class = np.where(s.labels == TRIANGLE, 3, 4)
    assert np.all(s.masks.max(axis=(1, 2)) == target_class)
    assert 0.35 < np.mean(s.labels == TRIANGLE) < 0.65
    assert np.all(make_scenes(20, size=32, p_triangle=1.0, seed=4).labels == TRIANGLE)
    assert np.all(make_scenes(20, size=32, p_triangle=0.0, seed=4).labels == RECTANGLE)


def test_pixels_of_shapes_are_not_background_white():
    s = make_scenes(20, size=32, n_circles=0, n_lines=0, seed=5)
    images = s.images[..., 0]
    assert np.all(images[s.masks == 0] == 1.0)
    assert np.all(images[s.masks > 0] <= 0.75)


def test_deterministic_given_seed_and_independent_of_chunking(monkeypatch):
    a = make_scenes(10, size=32, seed=6)
    b = make_scenes(10, size=32, seed=6)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    c = make_scenes(10, size=32, seed=7)
    assert not np.array_equal(a.images, c.images)
    monkeypatch.setattr(scenes, "_CHUNK", 3)
    d = make_scenes(10, size=32, seed=6)
    for x, y in zip(a, d):
        np.testing.assert_array_equal(x, y)
    rng_scenes = make_scenes(10, size=32, seed=np.random.default_rng(6))
    np.testing.assert_array_equal(rng_scenes.images, a.images)


@pytest.mark.parametrize("kwargs, error", [
    ({"n": 0}, ValueError),
    ({"n": 2.5}, TypeError),
    ({"n": True}, TypeError),
    ({"size": 8}, ValueError),
    ({"size": "64"}, TypeError),
    ({"n_circles": -1}, ValueError),
    ({"n_lines": 1.0}, TypeError),
    ({"channels": 2}, ValueError),
    ({"p_triangle": 1.5}, ValueError),
    ({"p_triangle": "half"}, TypeError),
    ({"seed": "abc"}, TypeError),
])
def test_bad_arguments(kwargs, error):
    args = {"n": 2, **kwargs}
    with pytest.raises(error):
        make_scenes(**args)
