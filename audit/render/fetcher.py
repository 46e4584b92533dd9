"""The only way the PDF renderer reads anything: local files inside allowed folders, and data: URIs.

No network (http, https, ftp), no redirects, no file outside the brand kit and the report
templates (symlinks and `../` are resolved before the check).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

ALLOWED_SCHEMES = ("file", "data")


class RefusedURL(ValueError):
    """A URL the report may not read; WeasyPrint logs it and leaves the resource out."""


def resolve_file_url(url: str, allowed: list[Path]) -> Path:
    """The local path a file: URL names, if it lies inside one of the allowed folders."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise RefusedURL(f"not a file URL: {url}")
    if parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"file URL on another host refused: {url}")
    path = Path(unquote(parts.path)).resolve()
    for folder in allowed:
        if path.is_relative_to(folder.resolve()):
            return path
    raise RefusedURL(f"file outside the brand kit and report templates refused: {path}")


def safe_fetcher(allowed: list[Path]):
    """A WeasyPrint URL fetcher restricted to `allowed` folders (built lazily: imports weasyprint)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=ALLOWED_SCHEMES, allow_redirects=False, timeout=5,
                             fail_on_errors=False)
            self.allowed = [Path(a).resolve() for a in allowed]
            self.refused: list[str] = []

        def fetch(self, url: str, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                self.refused.append(url)
                raise RefusedURL(f"only file: and data: URLs may be read, refused: {url}")
            try:
                path = resolve_file_url(url, self.allowed)
            except RefusedURL:
                self.refused.append(url)
                raise
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    return SafeURLFetcher()
