"""The combined picture of a company link: every colleague who finished, assessed together
(audit/respondents.py: combined answers, perception gap per dimension and misconception by role,
individual answers only of those who agreed), rendered as one report for the consultant and
kept in the client register as one assessment of the company.

`read` is how the web app reads a submission's answers (audit.web.report.answers_of), passed in
because that module calls `after_save` on every save (no import cycle).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.answers import Answers
    from audit.assessment import Assessment
    from audit.brand import Brand
    from audit.model import Questionnaire
    from audit.store import Store, Submission
    from audit.store.companies import CompanyLink


Read = Callable[["Submission", "Questionnaire"], "Answers"]


def respondent_answers(sub: Submission, role: str, consent: bool, questionnaire: Questionnaire,
                       read: Read) -> Answers:
    """One colleague's answers as the engine reads them, with their role and consent."""
    from audit.answers import Respondent

    answers = read(sub, questionnaire)
    answers.respondent = Respondent(role=role, consent=consent)
    answers.source = role or "web"
    return answers


def combined(store: Store, link: CompanyLink, questionnaire: Questionnaire, lang: str, read: Read
             ) -> tuple[Assessment, dict[str, Any]] | None:
    """The combined Assessment of the colleagues who finished, and the answers it came from
    ({respondents: [...]}, as `smaudit report A B C` keeps them); None while nobody finished."""
    from audit.answers import to_mapping
    from audit.respondents import assess_respondents
    from audit.store.companies import CompanyLinks

    members = CompanyLinks(store).member_submissions(link.key)
    if not members:
        return None
    answer_sets = [respondent_answers(sub, role, consent, questionnaire, read)
                   for sub, role, consent in members]
    assessment = assess_respondents(questionnaire, answer_sets, lang)
    return assessment, {"respondents": [to_mapping(a, questionnaire) for a in answer_sets]}


def after_save(store: Store, sub: Submission, questionnaire: Questionnaire, read: Read) -> bool:
    """After a colleague's save: a new version of the link's combined picture, kept in the
    register once anyone finished. False when the submission belongs to no link."""
    from audit.store.companies import CompanyLinks, origin

    links = CompanyLinks(store)
    membership = links.membership(sub.key)
    if membership is None:
        return False
    links.touch(membership[0])
    link = links.by_key(membership[0])
    if link is None or not sub.completed:
        return True
    result = combined(store, link, questionnaire, link.lang, read)
    if result is not None:
        from audit.register.store import Register

        kept = Register(store.engine).keep(result[0], result[1], "web", client_id=link.client_id,
                                           origin=origin(link.key))
        if kept.client_id != link.client_id:
            links.set_client(link.key, kept.client_id)
    return True


def combined_pdf(store: Store, link: CompanyLink, questionnaire: Questionnaire, brand: Brand, lang: str,
                 tmp_dir: Path, read: Read) -> bytes | None:
    """The combined report of the link's current version (rendered once per version and
    language); None while nobody finished."""
    from audit.render.pdf import render_report_pdf
    from audit.store.companies import CompanyLinks

    links = CompanyLinks(store)
    cached = links.cached_pdf(link.key, link.version, lang)
    if cached is not None:
        return cached
    result = combined(store, link, questionnaire, lang, read)
    if result is None:
        return None
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as folder:
        out = Path(folder) / "report.pdf"
        render_report_pdf(result[0], brand, out)
        pdf = out.read_bytes()
    links.put_pdf(link.key, link.version, lang, pdf)
    return pdf


def combined_json(store: Store, link: CompanyLink, questionnaire: Questionnaire, lang: str, read: Read
                  ) -> str | None:
    result = combined(store, link, questionnaire, lang, read)
    return None if result is None else json.dumps(result[0].to_dict(), ensure_ascii=False, indent=2)
