"""Imported once by the forkserver so that every worker starts with WeasyPrint loaded.

Only the batch runner's process pool imports this module (never `smaudit --help`).
"""

from audit.render import pdf  # noqa: F401
