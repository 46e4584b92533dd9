"""The batch texts (`languages/<code>/batch.yaml`) in one language."""

from __future__ import annotations

from audit.strings import strings


def texts(lang: str) -> dict[str, str]:
    return strings(lang, "batch")
