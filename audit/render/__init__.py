"""Rendering an Assessment: SVG charts, HTML (Jinja2) and PDF (WeasyPrint).

WeasyPrint is imported only inside the functions of `pdf.py` and `fetcher.py`.
"""

from audit.locate import templates_dir

TEMPLATES_DIR = templates_dir()
