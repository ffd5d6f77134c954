"""The reviewer's page image: the colour scan turned and straightened like the reading's boxes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.display import clean_copy, display_image, upright_colour
from extract.preprocess import turn
from ingest.blobs import LocalBlobStore
from kernel.reading import PageReading
from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Batch, SourceFile
from taskqueue.checkpoint import decode_page, load_pages, save_page

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def scan(h: int = 120, w: int = 80) -> np.ndarray:
    """A white colour page with a red block in its top-left corner."""
    image = np.full((h, w, 3), 255, np.uint8)
    image[5:25, 5:35] = (70, 60, 215)  # seal red (BGR)
    return image


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_turns_match_the_reading(rotation: int) -> None:
    shown = upright_colour(scan(), rotation, 0.0)
    assert np.array_equal(shown, turn(scan(), rotation))


def test_skew_keeps_the_canvas_and_colour() -> None:
    shown = upright_colour(scan(), 90, 2.5)
    assert shown.shape == (80, 120, 3)
    assert (shown[..., 2] > 200).sum() > (shown[..., 0] > 200).sum() * 0  # still colour data
    assert not np.array_equal(shown, turn(scan(), 90))


def test_reading_without_a_cleaned_copy_shows_its_own_image() -> None:
    gray = np.full((10, 10), 200, np.uint8)
    assert display_image(PageReading(page=1, width=10, height=10, image=gray)) is gray


def test_checkpoint_stores_colour_and_rebuilds_the_gray_copy(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    upgrade(settings)
    with session_scope(settings) as session:
        batch = Batch(station="t")
        session.add(batch)
        session.flush()
        row = SourceFile(batch_id=batch.id, source="a.jpg")
        session.add(row)
        session.flush()
        file_id = row.id
    page = scan()
    reading = PageReading(
        page=1, width=120, height=80, rotation=90, image=np.zeros((80, 120), np.uint8), colour=page
    )
    blobs = LocalBlobStore(tmp_path / "blobs")
    assert save_page(settings, blobs, file_id, 1, reading)

    stored = decode_page(blobs.get(next(iter(_shas(blobs)))))
    assert stored.shape == (80, 120, 3)  # the upright colour page
    assert stored[..., 2].mean() > stored[..., 0].mean()  # the red block is still red
    again = load_pages(settings, blobs, file_id)[1]
    assert again.image is not None and again.image.ndim == 2 and again.image.shape == (80, 120)
    assert np.array_equal(again.image, clean_copy(stored))  # the gray copy is rebuilt, not stored


@pytest.mark.slow
def test_rebuilt_gray_copy_matches_the_reading_of_a_real_scan(tmp_path: Path) -> None:
    """A resumed task judges ticks on the rebuilt copy: it must match what read_page worked on."""
    from extract.engines import load_engines
    from extract.read import read_page
    from ingest.collect import collect_inputs
    from ingest.pages import open_pages

    settings = Settings(home=tmp_path)
    files, _ = collect_inputs([SAMPLES / "packet_007"], settings)  # a page turned 90°, with a seal
    page = next(open_pages(files[0], settings))
    reading = read_page(page, load_engines(settings), settings)
    assert reading.rotation in (90, 270) and reading.image is not None and reading.colour is not None
    shown = display_image(reading)
    assert shown is not None and shown.shape[:2] == reading.image.shape[:2] and shown.ndim == 3
    diff = np.abs(clean_copy(shown).astype(np.int16) - reading.image.astype(np.int16))
    assert np.median(diff) <= 2 and diff.mean() < 10


def _shas(blobs: LocalBlobStore) -> list[str]:
    return [p.name for p in blobs.root.rglob("*") if p.is_file() and len(p.name) == 64]
