"""Imported once by the forkserver, so that every worker process starts with WeasyPrint, the
renderer, the parsed base stylesheet and an initialised font configuration already in memory
(inherited copy-on-write): a new worker's first report costs no more than its later ones.

Only the batch runner's process pool imports this module (never `smaudit --help`). The
warm-up leaves a single thread, so forking from it is safe.
"""

import weasyprint

from audit.render import html, pdf  # noqa: F401

try:
    pdf._base_css()
    weasyprint.HTML(string="<p>smaudit <b>batch</b></p>").write_pdf(font_config=pdf._font_config())
except Exception:  # noqa: BLE001  a warm-up only: the workers then do it themselves
    pass
