"""Company-wide links in the store: one link per company, one submission per colleague.

The link's token (256 random bits) is in the URL the company shares; it is looked up by its
SHA-256 like a resume token, and kept so that the consultant and the colleagues can see the link
again. Anyone with the link can add a colleague's answers; nobody can read another colleague's
answers through it (each colleague's answers sit behind their own resume token). Each
colleague's submission carries the link's key, their role and whether they agreed that their
own answers are shown in the combined report.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from audit.store import schema
from audit.store.submissions import KEY_RE, TOKEN_RE, Store, Submission, now_iso, token_key

ROLE_MAX = 60


@dataclass
class CompanyLink:
    key: str
    company: dict[str, Any]
    lang: str
    questionnaire: str
    questionnaire_version: str
    created: str
    updated: str
    created_by: str
    is_open: bool
    version: int
    client_id: str | None = None
    token: str = field(default="", repr=False)


@dataclass
class Member:
    """One colleague behind a link, as /admin lists them (no answers)."""

    key: str
    role: str
    consent: bool
    completed: bool
    answered: int
    applicable: int
    open_required: int
    updated: str


@dataclass
class LinkRow:
    """A link with its colleagues counted, for the /admin list."""

    link: CompanyLink
    members: int
    completed: int


def _link(row: Any) -> CompanyLink:
    m = row._mapping
    return CompanyLink(key=m["key"], company=json.loads(m["company"] or "{}"), lang=m["lang"],
                       questionnaire=m["questionnaire"], questionnaire_version=m["questionnaire_version"],
                       created=m["created"], updated=m["updated"], created_by=m["created_by"],
                       is_open=bool(m["is_open"]), version=m["version"], client_id=m["client_id"],
                       token=m["token"])


class CompanyLinks:
    """Company links and their colleagues' submissions, on the web app's store."""

    def __init__(self, store: Store):
        self.store = store
        self.engine = store.engine

    def create(self, company: dict[str, Any], lang: str, questionnaire: str, version: str,
               created_by: str) -> CompanyLink:
        token = secrets.token_urlsafe(32)
        now = now_iso()
        link = CompanyLink(token_key(token), dict(company), lang, questionnaire, version, now, now,
                           created_by, True, 1, token=token)
        with self.engine.begin() as conn:
            conn.execute(insert(schema.company_links).values(
                key=link.key, token=token, client_id=None, name=str(company.get("name") or ""),
                company=json.dumps(link.company, ensure_ascii=False), lang=lang, questionnaire=questionnaire,
                questionnaire_version=version, created=now, updated=now, created_by=created_by, is_open=1,
                version=1))
        return link

    def by_token(self, token: str) -> CompanyLink | None:
        if not TOKEN_RE.match(token or ""):
            return None
        return self.by_key(token_key(token))

    def by_key(self, key: str) -> CompanyLink | None:
        if not KEY_RE.match(key or ""):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.company_links).where(schema.company_links.c.key == key)).first()
        return _link(row) if row else None

    def join(self, link: CompanyLink, role: str, consent: bool) -> Submission:
        """A new colleague: a submission of their own with the link's company details."""
        sub = self.store.create(link.company, link.lang, link.questionnaire, link.questionnaire_version,
                                client_id=link.client_id)
        t = schema.submissions
        with self.engine.begin() as conn:
            conn.execute(update(t).where(t.c.key == sub.key).values(
                company_link=link.key, role=role, consent=int(consent)))
        self.touch(link.key)
        return sub

    def membership(self, key: str) -> tuple[str, str, bool] | None:
        """(link key, role, consent) of a submission that belongs to a link, else None."""
        t = schema.submissions
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.company_link, t.c.role, t.c.consent).where(t.c.key == key)).first()
        if row is None or row.company_link is None:
            return None
        return row.company_link, row.role or "", bool(row.consent)

    def set_respondent(self, key: str, role: str, consent: bool) -> None:
        t = schema.submissions
        with self.engine.begin() as conn:
            link = conn.execute(update(t).where(t.c.key == key).values(role=role, consent=int(consent))
                                .returning(t.c.company_link)).scalar_one_or_none()
        if link:
            self.touch(link)

    def touch(self, link_key: str) -> None:
        """A colleague's answers changed: a new version of the combined picture."""
        c = schema.company_links
        with self.engine.begin() as conn:
            conn.execute(update(c).where(c.c.key == link_key)
                         .values(version=c.c.version + 1, updated=now_iso()))

    def set_open(self, link_key: str, is_open: bool) -> None:
        c = schema.company_links
        with self.engine.begin() as conn:
            conn.execute(update(c).where(c.c.key == link_key).values(is_open=int(is_open), updated=now_iso()))

    def set_client(self, link_key: str, client_id: str) -> None:
        """The link's register client; its colleagues' submissions follow (deleting the client
        deletes them too)."""
        c, t = schema.company_links, schema.submissions
        with self.engine.begin() as conn:
            conn.execute(update(c).where(c.c.key == link_key).values(client_id=client_id))
            conn.execute(update(t).where(t.c.company_link == link_key).values(client_id=client_id))

    def members(self, link_key: str) -> list[Member]:
        t = schema.submissions
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.key, t.c.role, t.c.consent, t.c.completed, t.c.answered,
                                       t.c.applicable, t.c.open_required, t.c.updated)
                                .where(t.c.company_link == link_key).order_by(t.c.created, t.c.key)).all()
        return [Member(r.key, r.role or "", bool(r.consent), bool(r.completed), r.answered, r.applicable,
                       r.open_required, r.updated) for r in rows]

    def member_submissions(self, link_key: str, completed_only: bool = True
                           ) -> list[tuple[Submission, str, bool]]:
        """The colleagues' submissions with (role, consent), oldest first."""
        from audit.store.submissions import _row

        t = schema.submissions
        query = select(t).where(t.c.company_link == link_key)
        if completed_only:
            query = query.where(t.c.completed == 1)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(t.c.created, t.c.key)).all()
        return [(_row(r), r._mapping["role"] or "", bool(r._mapping["consent"])) for r in rows]

    def listing(self) -> list[LinkRow]:
        """Every link, newest first, with how many colleagues joined and finished."""
        c, t = schema.company_links, schema.submissions
        with self.engine.connect() as conn:
            counts = (select(t.c.company_link, func.count().label("n"),
                             func.sum(t.c.completed).label("done"))
                      .where(t.c.company_link.is_not(None)).group_by(t.c.company_link).subquery())
            rows = conn.execute(select(c, counts.c.n, counts.c.done)
                                .join(counts, counts.c.company_link == c.c.key, isouter=True)
                                .order_by(c.c.created.desc(), c.c.key)).all()
        return [LinkRow(_link(r), r.n or 0, int(r.done or 0)) for r in rows]

    def cached_pdf(self, link_key: str, version: int, lang: str) -> bytes | None:
        c = schema.company_links
        with self.engine.connect() as conn:
            row = conn.execute(select(c.c.pdf, c.c.pdf_version, c.c.pdf_lang)
                               .where(c.c.key == link_key)).first()
        if row and row.pdf is not None and row.pdf_version == version and row.pdf_lang == lang:
            return bytes(row.pdf)
        return None

    def put_pdf(self, link_key: str, version: int, lang: str, pdf: bytes) -> None:
        c = schema.company_links
        with self.engine.begin() as conn:
            conn.execute(update(c).where(c.c.key == link_key, c.c.version == version)
                         .values(pdf=pdf, pdf_version=version, pdf_lang=lang))

    def delete(self, link_key: str) -> int:
        """Remove a link with every colleague's submission and cached report, and the combined
        copy in the client register; returns how many submissions went."""
        c, t, r = schema.company_links, schema.submissions, schema.reports
        ra = schema.register_assessments
        with self.engine.begin() as conn:
            keys = select(t.c.key).where(t.c.company_link == link_key)
            conn.execute(delete(r).where(r.c.key.in_(keys)))
            removed = conn.execute(delete(t).where(t.c.company_link == link_key)).rowcount
            conn.execute(delete(ra).where(ra.c.origin == origin(link_key)))
            conn.execute(delete(c).where(c.c.key == link_key))
        return removed

    def purge(self, before: str) -> int:
        """Links nobody used since `before` whose colleagues' submissions are all gone (the
        retention period removes those), with their combined copy in the register."""
        c, t, ra = schema.company_links, schema.submissions, schema.register_assessments
        with self.engine.begin() as conn:
            used = select(t.c.company_link).where(t.c.company_link.is_not(None)).distinct()
            stale = conn.execute(select(c.c.key).where(c.c.updated < before, c.c.key.not_in(used))
                                 ).scalars().all()
            if stale:
                conn.execute(delete(ra).where(ra.c.origin.in_([origin(k) for k in stale])))
                conn.execute(delete(c).where(c.c.key.in_(stale)))
        return len(stale)


def origin(link_key: str) -> str:
    """The register's origin of a link's combined assessment (kept once, updated on changes)."""
    return f"company:{link_key}"
