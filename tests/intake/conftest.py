"""Shared fixtures for the intake tests: the seed texts, skipped when they are not on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.intake.score import EXPECTED, seeds_dir


@pytest.fixture(scope="session")
def seed_folder() -> Path:
    folder = seeds_dir()
    if folder is None:
        pytest.skip("seed texts not available")
    return folder


@pytest.fixture(scope="session")
def seed_texts(seed_folder: Path) -> dict[str, str]:
    """Seed stem -> text, for every seed that has a gold file."""
    return {p.stem: (seed_folder / f"{p.stem}.txt").read_text(encoding="utf-8") for p in sorted(EXPECTED.glob("*.json"))}
