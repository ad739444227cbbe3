"""Synthetic scenes for object detection and segmentation (after DLJS 5.2).

Each scene is a small canvas with a white background holding one *target* object, an
equilateral triangle or an axis-aligned rectangle of random size, position and shade, plus
distractors: filled circles and straight line segments. Half of the distractors are drawn
before the target and half after it, so they can hide parts of it. Because the scenes are
generated, every label is exact and free: the class of the target, its bounding box and a
per-pixel class map.

DLJS draws 224 × 224 colour scenes with 10 circles and 10 lines; :func:`make_scenes` scales all
sizes to the canvas it is asked for (64 × 64 by default), so that a small convnet trains on a CPU
in seconds.

>>> scenes = make_scenes(8, size=64, seed=0)
>>> scenes.images.shape, scenes.labels.shape, scenes.boxes.shape, scenes.masks.shape
((8, 64, 64, 1), (8,), (8, 4), (8, 64, 64))
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

__all__ = ["TRIANGLE", "RECTANGLE", "SHAPE_NAMES", "MASK_CLASSES", "Scenes", "make_scenes"]

#: Class label of a scene whose target is a triangle (as in DLJS: 0 = triangle, 1 = rectangle).
TRIANGLE = 0
#: Class label of a scene whose target is a rectangle.
RECTANGLE = 1
#: Names of the two target classes, indexed by label.
SHAPE_NAMES = ("triangle", "rectangle")
#: Names of the classes in the per-pixel masks, indexed by mask value.
MASK_CLASSES = ("background", "circle", "line", "triangle", "rectangle")

_REFERENCE_SIZE = 224.0  # DLJS's canvas; the size ranges below are given for it
_RECT_SIDE = (40.0, 100.0)
_TRIANGLE_SIDE = (50.0, 100.0)
_CIRCLE_RADIUS = (5.0, 20.0)
_LINE_WIDTH = 3.5
_CHUNK = 256  # scenes rasterised at once (bounds the memory of the broadcast arrays)


class Scenes(NamedTuple):
    """A batch of generated scenes.

    Attributes
    ----------
    images : float32 array (n, size, size, channels), values in [0, 1], white background = 1.
    labels : int64 array (n,), ``TRIANGLE`` (0) or ``RECTANGLE`` (1).
    boxes : float32 array (n, 4), ``(x_min, y_min, x_max, y_max)`` in pixels, the tight box
        around the target's pixels (before distractors are drawn over it). Pixel ``(row, col)``
        covers ``[col, col + 1) × [row, row + 1)``, so ``x_max - x_min`` is the box width in pixels.
    masks : uint8 array (n, size, size), the class of the shape visible at each pixel, an index
        into :data:`MASK_CLASSES` (0 background, 1 circle, 2 line, 3 triangle, 4 rectangle).
    """

    images: np.ndarray
    labels: np.ndarray
    boxes: np.ndarray
    masks: np.ndarray


def _check_int(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _triangle_masks(px, py, vertices):
    """Pixel-centre-inside-triangle test; vertices (m, 3, 2) -> masks (m, H, W)."""
    crosses = []
    for i in range(3):
        x0, y0 = vertices[:, i, 0, None, None], vertices[:, i, 1, None, None]
        x1, y1 = vertices[:, (i + 1) % 3, 0, None, None], vertices[:, (i + 1) % 3, 1, None, None]
        crosses.append((x1 - x0) * (py - y0) - (y1 - y0) * (px - x0))
    c = np.stack(crosses)
    return np.all(c >= 0, axis=0) | np.all(c <= 0, axis=0)


def _segment_masks(px, py, ends, half_width):
    """Pixels whose centre lies within half_width of a segment; ends (m, 4) -> (m, H, W)."""
    x0, y0, x1, y1 = (ends[:, k, None, None] for k in range(4))
    dx, dy = x1 - x0, y1 - y0
    ux, uy = px - x0, py - y0                        # (m, 1, W) and (m, H, 1)
    t = ux * (dx / np.maximum(dx * dx + dy * dy, 1e-9)) + uy * (dy / np.maximum(dx * dx + dy * dy, 1e-9))
    np.clip(t, 0.0, 1.0, out=t)                      # position of the nearest point on the segment
    ex = ux - t * dx
    ex *= ex
    ey = uy - t * dy
    ey *= ey
    ex += ey
    return ex <= half_width ** 2


def make_scenes(n, size=64, n_circles=10, n_lines=10, *, channels=1, p_triangle=0.5, seed=None):
    """Generate ``n`` scenes, each with one target (triangle or rectangle) and distractors.

    Parameters
    ----------
    n : int >= 1
        Number of scenes.
    size : int >= 16
        Side of the square canvas in pixels. Shape sizes scale with it: at 224 they are DLJS's
        (rectangle sides 40–100, triangle side 50–100, circle radius 5–20 pixels).
    n_circles, n_lines : int >= 0
        Number of distractor circles and line segments per scene (DLJS: 10 and 10). The first
        half of each (rounded down) is drawn before the target, the rest after it.
    channels : 1 or 3
        1 for grey scenes (random grey shades), 3 for colour scenes (random colours).
    p_triangle : float in [0, 1]
        Probability that a scene's target is a triangle.
    seed : int, numpy Generator or None
        Seed of the random draws: the same seed gives the same scenes.

    Returns
    -------
    Scenes
        ``images``, ``labels``, ``boxes`` and ``masks``, described in :class:`Scenes`.
    """
    n = _check_int("n", n, 1)
    size = _check_int("size", size, 16)
    n_circles = _check_int("n_circles", n_circles, 0)
    n_lines = _check_int("n_lines", n_lines, 0)
    channels = _check_int("channels", channels, 1)
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, got {channels}")
    if isinstance(p_triangle, bool) or not isinstance(p_triangle, numbers.Real):
        raise TypeError(f"p_triangle must be a number, not {type(p_triangle).__name__}")
    if not 0.0 <= p_triangle <= 1.0:
        raise ValueError(f"p_triangle must lie in [0, 1], got {p_triangle}")
    if seed is not None and not isinstance(seed, (numbers.Integral, np.random.Generator)):
        raise TypeError(f"seed must be an integer, a numpy Generator or None, not {type(seed).__name__}")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)

    # Every random number is drawn here, for all scenes, so the result does not depend on _CHUNK.
    scale = size / _REFERENCE_SIZE
    is_triangle = rng.random(n) < p_triangle
    rect_wh = rng.uniform(*_RECT_SIDE, size=(n, 2)) * scale
    rect_xy = rng.uniform(0.0, 1.0, size=(n, 2)) * (size - rect_wh)
    tri_side = rng.uniform(*_TRIANGLE_SIDE, size=n) * scale
    tri_radius = tri_side / np.sqrt(3.0)  # circumradius: the triangle stays inside the canvas
    tri_centre = tri_radius[:, None] + rng.uniform(0.0, 1.0, size=(n, 2)) * (size - 2 * tri_radius[:, None])
    tri_angle = rng.uniform(0.0, 2 * np.pi / 3, size=n)
    circle_r = rng.uniform(*_CIRCLE_RADIUS, size=(n, n_circles)) * scale
    circle_xy = rng.uniform(0.0, size, size=(n, n_circles, 2))
    line_ends = rng.uniform(0.0, size, size=(n, n_lines, 4))
    shades = rng.uniform(0.0, 0.75, size=(n, n_circles + n_lines + 1, channels))

    angles = tri_angle[:, None] + np.arange(3) * 2 * np.pi / 3
    tri_vertices = tri_centre[:, None, :] + tri_radius[:, None, None] * np.stack(
        [np.cos(angles), np.sin(angles)], axis=-1)
    half_width = np.float32(max(_LINE_WIDTH * scale, 1.0) / 2)
    f32 = np.float32  # single precision halves the work of the broadcast arithmetic below
    rect_xy, rect_wh, tri_vertices = rect_xy.astype(f32), rect_wh.astype(f32), tri_vertices.astype(f32)
    circle_r, circle_xy, line_ends = circle_r.astype(f32), circle_xy.astype(f32), line_ends.astype(f32)
    shades = shades.astype(f32)

    images = np.ones((n, size, size, channels), dtype=np.float32)
    masks = np.zeros((n, size, size), dtype=np.uint8)
    boxes = np.zeros((n, 4), dtype=np.float32)
    centres = np.arange(size, dtype=np.float32) + 0.5
    px, py = centres[None, None, :], centres[None, :, None]  # broadcast to (m, H, W)

    for start in range(0, n, _CHUNK):
        s = slice(start, min(start + _CHUNK, n))
        img, msk = images[s], masks[s]

        def paint(shape_mask, shade, mask_class, img=img, msk=msk):
            """Draw one shape per scene: shape_mask (m, H, W), shade (m, C), class (scalar or (m,))."""
            np.copyto(img, shade[:, None, None, :], where=shape_mask[..., None])
            np.copyto(msk, np.reshape(mask_class, (-1, 1, 1)), where=shape_mask, casting="unsafe")

        def circle(k):
            cx, cy = circle_xy[s, k, 0, None, None], circle_xy[s, k, 1, None, None]
            return ((px - cx) ** 2 + (py - cy) ** 2) <= circle_r[s, k, None, None] ** 2

        def line(k):
            return _segment_masks(px, py, line_ends[s, k], half_width)

        distractors = [(circle, k, 1, k) for k in range(n_circles)] + \
                      [(line, k, 2, n_circles + k) for k in range(n_lines)]
        before = distractors[:n_circles // 2] + distractors[n_circles:n_circles + n_lines // 2]
        after = distractors[n_circles // 2:n_circles] + distractors[n_circles + n_lines // 2:]
        for make, k, mask_class, shade_index in before:
            paint(make(k), shades[s, shade_index], mask_class)

        x0, y0 = rect_xy[s, 0, None, None], rect_xy[s, 1, None, None]
        x1, y1 = x0 + rect_wh[s, 0, None, None], y0 + rect_wh[s, 1, None, None]
        rect = (px >= x0) & (px < x1) & (py >= y0) & (py < y1)
        tri = _triangle_masks(px, py, tri_vertices[s])
        target = np.where(is_triangle[s, None, None], tri, rect)
        cols, rows = target.any(axis=1), target.any(axis=2)  # (m, W), (m, H)
        boxes[s] = np.stack([cols.argmax(1), rows.argmax(1),
                             size - cols[:, ::-1].argmax(1), size - rows[:, ::-1].argmax(1)], axis=1)
        paint(target, shades[s, -1], np.where(is_triangle[s], 3, 4).astype(np.uint8))

        for make, k, mask_class, shade_index in after:
            paint(make(k), shades[s, shade_index], mask_class)

    labels = np.where(is_triangle, TRIANGLE, RECTANGLE).astype(np.int64)
    return Scenes(images, labels, boxes, masks)
