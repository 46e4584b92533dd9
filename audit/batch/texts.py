"""The batch texts (`texts.yaml`) in one language."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

TEXTS_FILE = Path(__file__).resolve().parent / "texts.yaml"


@functools.cache
def _all() -> dict[str, dict[str, str]]:
    with open(TEXTS_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def texts(lang: str) -> dict[str, str]:
    return {key: value[lang] for key, value in _all().items()}
