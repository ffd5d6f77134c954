"""The input page → upright page matrix, composed from the steps ``read_page`` took.

Boxes are reported on the upright page, which may be a crop of the upload (a
photographed sheet flattened by ``extract.rectify``), turned, deskewed and
downscaled. A client that draws them on the file it uploaded needs the one
3x3 matrix those steps amount to; each step's matrix is built here from the
same sizes and angles the image operations used, so that warping the input
with the product reproduces the upright page (``tests/test_page_frame.py``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from extract.preprocess import page_transform
from kernel import schema
from kernel.reading import Matrix3, PageReading, SourceFrame

Matrix = npt.NDArray[np.float64]


def resize_matrix(source: tuple[int, ...], target: tuple[int, ...]) -> Matrix:
    """Pixels of an image of shape ``source`` onto the same image resized to shape ``target``."""
    return np.diag([target[1] / source[1], target[0] / source[0], 1.0])


def upright_matrix(shape: tuple[int, ...], rotation: int, skew: float, max_side: int | None = None) -> Matrix:
    """An image of ``shape`` onto the page ``preprocess.upright`` (or its line-engine twin) made
    of it: brought down to ``max_side`` when given (``upright`` does), turned by ``rotation``,
    rotated by ``-skew``. The line engine turns a page found upside down *after* deskewing it;
    a half turn and a rotation about the centre commute to within 0.05 px, so one formula serves."""
    scale = 1.0 if max_side is None else min(1.0, max_side / max(shape[:2]))
    return page_transform(shape, rotation, skew, scale)


def source_frame(source: tuple[int, ...], to_upright: Matrix, dpi: int) -> SourceFrame:
    """The reading's frame: the input page's size and the matrix, normalised so that m[2][2] = 1."""
    m = to_upright / to_upright[2, 2]
    rows = tuple(tuple(float(v) for v in row) for row in m)
    return SourceFrame(
        source_width=int(source[1]),
        source_height=int(source[0]),
        matrix=(rows[0], rows[1], rows[2]),  # type: ignore[arg-type]
        source_dpi=int(dpi),
    )


def as_array(matrix: Matrix3) -> Matrix:
    """A frame's matrix as a numpy array."""
    return np.asarray(matrix, np.float64)


def frames_of(readings: list[PageReading]) -> list[schema.PageFrame]:
    """The ``page_frames`` of a document's pages, for RESULT.json (pages read before frames
    were kept have none, and are left out)."""
    return [
        schema.PageFrame(
            page=r.page,
            width=r.width,
            height=r.height,
            source_width=r.frame.source_width,
            source_height=r.frame.source_height,
            source_dpi=r.frame.source_dpi,
            matrix=[list(row) for row in r.frame.matrix],
        )
        for r in readings
        if r.frame is not None
    ]
