"""No resume token in any log line: a log file must not hand out access to a company's answers.

Waitress and Flask log the request path on errors (`/s/<token>/...`); this filter rewrites
every record of the server's loggers before it is written.
"""

from __future__ import annotations

import logging
import re
from typing import Any

TOKEN_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def redact(text: str) -> str:
    return TOKEN_IN_TEXT.sub("[token]", text)


class TokenFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def hide_tokens(app: Any = None) -> TokenFilter:
    """Install the filter on the loggers and handlers a served app writes to."""
    token_filter = TokenFilter()
    names = ["waitress", "waitress.queue", "smaudit", "smaudit.render", "werkzeug", "audit.web"]
    loggers = [logging.getLogger(n) for n in names] + [logging.getLogger()]
    if app is not None:
        loggers.append(app.logger)
    for logger in loggers:
        logger.addFilter(token_filter)
        for handler in logger.handlers:
            handler.addFilter(token_filter)
    return token_filter
