"""The data store: web submissions, their cached assessments and PDFs, and the state that every
`smaudit serve` instance must share (secret key, admin login throttle). SQLAlchemy Core.

- `open_store(url)` -> `Store`: SQLite by default (`sqlite:///path/submissions.sqlite3`), or
  PostgreSQL (`postgresql://user@host/db`, driver psycopg 3). Opening runs the migrations.
- `audit.store.schema`: the tables as queries see them. `audit.store.migrations`: numbered,
  append-only schema changes recorded in `schema_migrations`; change a table by adding a
  migration there and updating `schema`, never by editing an applied migration.
- For the client register (i15): `submissions.client_id` (nullable, indexed) ties a submission to a
  client; `Store.create(..., client_id=...)`, `Store.set_client()` and `Store.for_client()` use it.
  The register's own tables (`register_clients`, `register_assessments`) are migration 2;
  audit/register/store.py reads and writes them.

Nothing here is kept in process memory between calls, so any number of instances can share one
PostgreSQL database. Resume tokens are never stored, only their SHA-256 (`key`).
"""

from __future__ import annotations

from audit.store.submissions import (
    KEY_RE,
    TOKEN_RE,
    StaleSubmission,
    Store,
    Submission,
    open_store,
    token_key,
)

__all__ = ["KEY_RE", "TOKEN_RE", "StaleSubmission", "Store", "Submission", "open_store", "token_key"]
