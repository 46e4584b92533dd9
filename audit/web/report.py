"""A submission as the engine sees it: Answers -> Assessment -> PDF (the same code as the CLI)."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.answers import AnswerError, Answers, Company, missing_required, normalise
from audit.assess import assess

if TYPE_CHECKING:
    from audit.assessment import Assessment
    from audit.brand import Brand
    from audit.model import Questionnaire
    from audit.store import Store, Submission
    from audit.store.submissions import Summary
    from audit.web.questionnaires import Offered


def current_values(values: dict[str, Any], questionnaire: Questionnaire) -> dict[str, Any]:
    """Stored answers that still fit the questionnaire (it may have changed since they were saved)."""
    fitting: dict[str, Any] = {}
    for qid, value in values.items():
        question = questionnaire.question(questionnaire.renamed.get(qid, qid))
        if question is None:
            continue
        try:
            value = normalise(question, value)
        except AnswerError:
            continue
        if value is not None:
            fitting[question.id] = value
    return fitting


def answers_of(sub: Submission, questionnaire: Questionnaire) -> Answers:
    """The submission as the engine reads it. Answers to questions that are hidden now stay in:
    the engine lists them as hidden and does not score them."""
    company = {k: str(sub.company.get(k) or "") for k in
               ("name", "sector", "size", "date", "consultant", "contact")}
    values = current_values(sub.answers, questionnaire)
    notes = {questionnaire.renamed.get(k, k): v for k, v in sub.notes.items()
             if questionnaire.question(questionnaire.renamed.get(k, k)) is not None}
    return Answers(company=Company(**company), values=values, notes=notes,
                   questionnaire=questionnaire.id, questionnaire_version=questionnaire.version,
                   language=sub.lang, source="web", consultant_notes=dict(sub.consultant_notes or {}))


def missing(sub: Submission, questionnaire: Questionnaire) -> list[str]:
    """Ids of required, visible questions still without an answer."""
    return missing_required(questionnaire, answers_of(sub, questionnaire))


def summary_of(assessment: Assessment, open_required: int) -> Summary:
    """The /admin columns. No level while required questions are open: a level from a
    half-answered questionnaire would be read as a verdict."""
    from audit.store.submissions import Summary

    done = open_required == 0
    return Summary(level=assessment.level["number"] if done and assessment.level else None,
                   score=assessment.overall_score if done else None,
                   answered=int(assessment.completeness.get("answered", 0)),
                   applicable=int(assessment.completeness.get("applicable", 0)),
                   open_required=open_required)


def assessment_of(sub: Submission, questionnaire: Questionnaire, store: Store | None = None) -> Assessment:
    """The Assessment of this version of the submission: the one saved with it.

    Assessed here only for a version saved without one (by an older smaudit, or under another
    version of the questionnaire than the one served now); that result is saved, so each version
    is assessed once. Without a store (tests, tools) it is simply assessed."""
    from audit.assessment import SCHEMA_VERSION, Assessment

    if store is not None:
        saved = store.saved_assessment(sub.key, sub.version)
        if saved and saved.get("schema_version") == SCHEMA_VERSION and saved.get("questionnaire", {}).get(
                "id") == questionnaire.id and saved["questionnaire"].get("version") == questionnaire.version:
            try:
                return Assessment.from_dict(saved)
            except (ValueError, TypeError, KeyError):
                pass  # written by another smaudit: assess again
    assessment = assess(questionnaire, answers_of(sub, questionnaire), sub.lang)
    if store is not None:
        store.put_assessment(sub.key, sub.version, assessment.to_dict())
    return assessment


def save(store: Store, sub: Submission, questionnaire: Questionnaire, *, finishing: bool = False,
         queue_pdf: bool = False, if_unchanged: bool = False) -> Assessment:
    """Save a submission with its Assessment and /admin summary, in one transaction.

    The one place the web app assesses: once per saved version. `finishing`: the company says it is
    done, so the submission is completed when no required question is open; `queue_pdf`: queue the
    PDF of a completed submission in the same transaction (it renders while the company reads);
    `if_unchanged`: raise `StaleSubmission` when it was saved meanwhile (see `Store.save`)."""
    answers = answers_of(sub, questionnaire)
    assessment = assess(questionnaire, answers, sub.lang)
    open_required = missing_required(questionnaire, answers)
    if finishing or sub.completed:
        sub.completed = not open_required
    sub.summary = summary_of(assessment, len(open_required))
    store.save(sub, assessment.to_dict(), queue_pdf=queue_pdf and sub.completed, if_unchanged=if_unchanged)
    from audit.web.company_report import after_save

    # A colleague behind a company link: the company's combined picture goes to the register.
    if not after_save(store, sub, questionnaire, answers_of) and sub.completed:
        keep_in_register(store, sub, questionnaire, assessment)
    return assessment


def keep_in_register(store: Store, sub: Submission, questionnaire: Questionnaire,
                     assessment: Assessment) -> None:
    """A completed submission is kept in the client register (audit/register) once, and
    updated when the company edits its answers; the submission is tied to that client."""
    from audit.answers import to_mapping
    from audit.register.store import Register

    kept = Register(store.engine).keep(assessment, to_mapping(answers_of(sub, questionnaire), questionnaire),
                                       "web", client_id=sub.client_id, origin=f"web:{sub.key}")
    if sub.client_id != kept.client_id:
        store.set_client(sub.key, kept.client_id)
        sub.client_id = kept.client_id


def assessment_json(sub: Submission, questionnaire: Questionnaire, store: Store | None = None) -> str:
    return json.dumps(assessment_of(sub, questionnaire, store).to_dict(), ensure_ascii=False, indent=2)


def answers_json(sub: Submission, questionnaire: Questionnaire) -> str:
    from audit.answers import to_mapping

    return json.dumps(to_mapping(answers_of(sub, questionnaire), questionnaire), ensure_ascii=False,
                      indent=2)


def render_pdf(assessment: Assessment, brand: Brand, tmp_dir: Path) -> bytes:
    """The report PDF of an Assessment, through a private temporary folder."""
    from audit.render.pdf import render_report_pdf

    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as folder:
        out = Path(folder) / "report.pdf"
        render_report_pdf(assessment, brand, out)
        return out.read_bytes()


def worker_id() -> str:
    import os
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def render_next(store: Store, questionnaires: Offered | Questionnaire, brand: Brand, tmp_dir: Path) -> bool:
    """Claim one queued PDF job, render it and store it; False when nothing was queued.

    Used by the worker processes and, without them, by the request that wants the PDF. Each
    submission is read with its own questionnaire (`questionnaires.of`, audit/web/questionnaires.py)."""
    job = store.claim_render(worker_id())
    if job is None:
        return False
    key, version, lang = job
    sub = store.by_key(key)
    if sub is None or sub.version != version:
        return True  # deleted or changed since: a newer job (if any) is queued already
    try:
        questionnaire = (questionnaires.of(sub.questionnaire, sub.questionnaire_version)
                         if hasattr(questionnaires, "of") else questionnaires)
        pdf = render_pdf(assessment_of(sub, questionnaire, store), brand, tmp_dir)
    except Exception as exc:  # noqa: BLE001 - reported on the progress page, the worker goes on
        logging.getLogger("smaudit.render").exception("report of submission %s failed", key[:12])
        store.fail_render(key, version, f"{type(exc).__name__}: {exc}")
        return True
    store.finish_render(key, version, pdf)
    return True


def file_stem(company: dict[str, Any]) -> str:
    """A safe download name from the company name (letters, digits and hyphens only)."""
    import re
    import unicodedata

    name = unicodedata.normalize("NFKD", str(company.get("name") or "")).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:60]
    return stem or "report"
