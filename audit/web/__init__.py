"""The self-assessment web app: `create_app()` builds it; `smaudit serve` runs it behind waitress.

Flask is imported inside the functions, so `smaudit --help` never pays for it.
"""

from __future__ import annotations

from audit.web.app import create_app

__all__ = ["create_app"]
