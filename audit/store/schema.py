"""The tables as the queries use them (SQLAlchemy Core). Their DDL lives in `migrations`;
a test checks that a migrated database has exactly these columns."""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

submissions = Table(
    "submissions", metadata,
    Column("key", String(64), primary_key=True),  # sha256 of the resume token
    Column("client_id", String(64), index=True),  # the client register's id (i15), or NULL
    Column("name", Text, nullable=False),
    Column("sector", Text, nullable=False),
    Column("size", String(20), nullable=False),
    Column("contact", Text, nullable=False),
    Column("company", Text, nullable=False),  # json: every company field, as the report shows it
    Column("answers", Text, nullable=False),  # json: question id -> canonical value (hidden ones kept)
    Column("notes", Text, nullable=False),  # json: question id -> remark
    Column("drafts", Text, nullable=False),  # json: question id -> typed text not yet valid
    Column("consultant_notes", Text, nullable=False),  # json: {conclusion: ...}
    Column("lang", String(16), nullable=False),
    Column("questionnaire", String(100), nullable=False),
    Column("questionnaire_version", String(40), nullable=False),
    Column("created", String(32), nullable=False, index=True),  # ISO UTC
    Column("updated", String(32), nullable=False),
    Column("completed", Integer, nullable=False),
    Column("version", Integer, nullable=False),  # +1 on every save: caches are per version
    # A summary for /admin, computed on save from the same Assessment as the report.
    Column("level", Integer),  # NULL until complete enough for a level
    Column("score", Float),
    Column("answered", Integer, nullable=False),
    Column("applicable", Integer, nullable=False),
    Column("open_required", Integer, nullable=False),
    # One colleague's answers behind a company link (audit/store/companies.py), else NULL.
    Column("company_link", String(64), index=True),
    Column("role", Text),  # how the combined report names them
    Column("consent", Integer),  # 1: their own answers may be shown in the combined report
)

# A company-wide link: each colleague who opens it gets a submission of their own; the
# consultant gets one combined report (audit/respondents.py). Addressed by the SHA-256 of the
# link's token, like submissions.
company_links = Table(
    "company_links", metadata,
    Column("key", String(64), primary_key=True),
    # The link's token: shown again to the consultant and the colleagues who share it. It only
    # lets someone add their answers for this company, never read anyone's answers.
    Column("token", String(64), nullable=False),
    Column("client_id", String(64), index=True),  # the client register's id, once kept
    Column("name", Text, nullable=False),
    Column("company", Text, nullable=False),  # json: name, sector, size, contact, date
    Column("lang", String(16), nullable=False),
    Column("questionnaire", String(100), nullable=False),
    Column("questionnaire_version", String(40), nullable=False),
    Column("created", String(32), nullable=False, index=True),
    Column("updated", String(32), nullable=False),
    Column("created_by", String(16), nullable=False),  # admin | company
    Column("is_open", Integer, nullable=False),  # 0: no new colleagues can join
    Column("version", Integer, nullable=False),  # +1 whenever a colleague's answers change
    Column("pdf", LargeBinary),  # the combined report of `pdf_version` in `pdf_lang`
    Column("pdf_version", Integer),
    Column("pdf_lang", String(16)),
)

reports = Table(
    "reports", metadata,
    Column("key", String(64), primary_key=True),
    Column("version", Integer, nullable=False),  # the submission version these belong to
    Column("lang", String(16), nullable=False),
    Column("status", String(16), nullable=False),  # queued | rendering | done | failed
    Column("pdf", LargeBinary),
    Column("error", Text),
    Column("queued_at", Float),  # epoch seconds
    Column("claimed_at", Float),
    Column("claimed_by", String(300)),  # host:pid of the worker rendering it
    Column("done_at", Float),
)

# The saved Assessment (format v3, `Assessment.to_dict()`, zlib-compressed JSON) of a submission
# version, written in the same transaction as that version: pages, /admin and the PDF workers
# read it and never assess again. Only the newest version of a submission is kept.
assessments = Table(
    "assessments", metadata,
    Column("key", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),  # submissions.version it belongs to
    Column("questionnaire", String(100), nullable=False),  # id and version that assessed it
    Column("questionnaire_version", String(40), nullable=False),
    Column("schema_version", Integer, nullable=False),  # audit.assessment.SCHEMA_VERSION
    Column("assessment", LargeBinary, nullable=False),
)

throttle = Table(
    "login_throttle", metadata,
    Column("address", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("until", Float, nullable=False),  # epoch seconds: no password is checked before this
)

settings = Table(
    "settings", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied", String(32), nullable=False),
)

# The client register (audit/register): every kept assessment under a stable client id.
register_clients = Table(
    "register_clients", metadata,
    Column("id", String(64), primary_key=True),
    Column("name_key", String(200), nullable=False, unique=True),  # folded name without legal form
    Column("name", Text, nullable=False),
    Column("sector", Text, nullable=False),
    Column("size", Text, nullable=False),
    Column("created", String(32), nullable=False),
    Column("updated", String(32), nullable=False),
)

register_assessments = Table(
    "register_assessments", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(64), nullable=False, index=True),
    Column("source", String(16), nullable=False),  # report | interview | web | batch | import
    Column("questionnaire", String(100), nullable=False),
    Column("questionnaire_version", String(40), nullable=False),
    Column("language", String(16), nullable=False),
    Column("assessed", String(32), nullable=False),  # ISO date of the assessment
    Column("created", String(32), nullable=False),  # when it was kept (ISO UTC)
    Column("overall", Float),
    Column("level", Integer),
    Column("sector_key", String(200), nullable=False),  # for peer benchmarks
    Column("size_class", String(10)),
    Column("scores", Text, nullable=False),  # json: dimension id -> score (null = unknown)
    Column("answers", LargeBinary, nullable=False),  # zlib json: the answers file's content
    Column("assessment", LargeBinary, nullable=False),  # zlib json: Assessment.to_dict()
    # where a living assessment comes from ("web:<submission key>"): kept once, updated on edits
    Column("origin", String(100), index=True),
    Index("register_assessments_peers", "sector_key", "size_class", "questionnaire"),
)
