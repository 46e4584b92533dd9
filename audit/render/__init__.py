"""Rendering an Assessment: SVG charts, HTML (Jinja2) and PDF (WeasyPrint).

WeasyPrint is imported only inside the functions of `pdf.py` and `fetcher.py`.
"""

from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "report_templates"
