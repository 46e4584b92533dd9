"""The client register: every assessment a consultant makes, kept under a stable client id.

It lives in the web app's store (audit.store: SQLite in the data folder by default, or the
PostgreSQL database of `smaudit serve --db`), in two tables of its own (`register_clients`,
`register_assessments`, added by a store migration). Each kept assessment holds the answers
and the saved Assessment (JSON, zlib-compressed), the questionnaire id and version, where it
came from (report, interview, web, batch, import), and, for fast listing and benchmarks, the
overall score, level and dimension scores.

A client's id is made from the company name once, when the client is first kept
("Studio Noord B.V." -> `studio-noord`); later assessments of a company with the same name
(without case, accents, punctuation and legal form) go to the same client, and `--client ID`
ties an assessment to a client explicitly.
"""

from audit.register.keys import client_key, client_slug

__all__ = ["client_key", "client_slug"]
