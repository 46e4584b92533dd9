"""The PDF renderer reads only local files inside the brand kit and the report templates."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from audit.render import TEMPLATES_DIR
from audit.render.fetcher import RefusedURL, resolve_file_url, safe_fetcher


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("secret")
    (kit / "link.txt").symlink_to(tmp_path / "secret.txt")
    return kit


@pytest.fixture
def fetcher(kit: Path):
    return safe_fetcher([kit, TEMPLATES_DIR])


def test_file_inside_the_kit_is_served(fetcher, kit):
    response = fetcher.fetch((kit / "logo.svg").as_uri())
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"


def test_file_inside_the_templates_is_served(fetcher):
    response = fetcher.fetch((TEMPLATES_DIR / "css" / "report.css").as_uri())
    assert b"@page" in response.read()


def test_data_uri_is_served(fetcher):
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x.png", "https://example.com/logo.png",
                                 "ftp://example.com/x", "HTTP://127.0.0.1:9/y.png"])
def test_remote_urls_are_refused(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert url in fetcher.refused


def test_files_outside_are_refused(fetcher, kit):
    for url in ["file:///etc/passwd", (kit / ".." / "secret.txt").as_uri(),
                "file://" + str(kit) + "/../secret.txt", "file://" + str(kit) + "/%2e%2e/secret.txt",
                (kit / "link.txt").as_uri(), "file://otherhost/" + str(kit / "logo.svg")]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_resolve_rejects_prefix_siblings(tmp_path):
    (tmp_path / "kit-evil").mkdir()
    (tmp_path / "kit-evil" / "x.svg").write_text("x")
    with pytest.raises(RefusedURL):
        resolve_file_url((tmp_path / "kit-evil" / "x.svg").as_uri(), [tmp_path / "kit"])


@pytest.mark.pdf
def test_render_never_connects_or_reads_outside(tmp_path, kit):
    """A document pointing at a live local server and at /etc/passwd renders without touching either."""
    from audit.brand import load_brand
    from audit.render.pdf import write_pdf

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    port = server.getsockname()[1]
    html = (f'<html lang="en"><body><p>hi</p><img src="http://127.0.0.1:{port}/x.png">'
            f'<img src="file:///etc/passwd"><img src="../../../../etc/hostname">'
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"></body></html>')
    out = tmp_path / "x.pdf"
    write_pdf(html, load_brand(None), out)
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(BlockingIOError):
        server.accept()
    server.close()
