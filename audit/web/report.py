"""A submission as the engine sees it: Answers -> Assessment -> PDF (the same code as the CLI)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.answers import AnswerError, Answers, Company, check_complete, normalise
from audit.assess import assess

if TYPE_CHECKING:
    from audit.assessment import Assessment
    from audit.model import Questionnaire
    from audit.web.app import WebState
    from audit.web.store import Submission

PDF_CACHE_SIZE = 32


def current_values(values: dict[str, Any], questionnaire: Questionnaire) -> dict[str, Any]:
    """Stored answers that still fit the questionnaire (it may have changed since they were saved)."""
    fitting: dict[str, Any] = {}
    for qid, value in values.items():
        question = questionnaire.question(qid)
        if question is None:
            continue
        try:
            value = normalise(question, value)
        except AnswerError:
            continue
        if value is not None:
            fitting[qid] = value
    return fitting


def answers_of(sub: Submission, questionnaire: Questionnaire) -> Answers:
    company = {k: str(sub.company.get(k) or "") for k in
               ("name", "sector", "size", "date", "consultant", "contact")}
    values = current_values(sub.answers, questionnaire)
    notes = {k: v for k, v in sub.notes.items() if questionnaire.question(k) is not None}
    return Answers(company=Company(**company), values=values, notes=notes,
                   questionnaire=questionnaire.id, questionnaire_version=questionnaire.version,
                   language=sub.lang, source="web")


def missing(sub: Submission, questionnaire: Questionnaire) -> list[str]:
    """Ids of required, visible questions still without an answer."""
    problems = check_complete(questionnaire, answers_of(sub, questionnaire))
    return [p.split()[1].rstrip(":") for p in problems]


def assessment_of(sub: Submission, questionnaire: Questionnaire) -> Assessment:
    return assess(questionnaire, answers_of(sub, questionnaire), sub.lang)


def assessment_json(sub: Submission, questionnaire: Questionnaire) -> str:
    return json.dumps(assessment_of(sub, questionnaire).to_dict(), ensure_ascii=False, indent=2)


def answers_json(sub: Submission, questionnaire: Questionnaire) -> str:
    from audit.answers import to_mapping

    return json.dumps(to_mapping(answers_of(sub, questionnaire), questionnaire), ensure_ascii=False,
                      indent=2)


def pdf_bytes(sub: Submission, st: WebState) -> bytes:
    """The report PDF; rendered once per saved version of the answers, then cached in memory.

    Renders are serialised: WeasyPrint makes no promise of thread safety, and on two cores
    parallel renders would not finish sooner.
    """
    from audit.render.pdf import render_report_pdf

    cache_key = (sub.key, sub.updated, sub.lang)
    with st.pdf_lock:
        cached = st.pdf_cache.get(cache_key)
        if cached is not None:
            st.pdf_cache.move_to_end(cache_key)
            return cached
        assessment = assessment_of(sub, st.questionnaire)
        tmp_dir = st.data_dir / "tmp"
        tmp_dir.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(dir=tmp_dir) as folder:
            out = Path(folder) / "report.pdf"
            render_report_pdf(assessment, st.brand, out)
            data = out.read_bytes()
        st.pdf_cache[cache_key] = data
        while len(st.pdf_cache) > PDF_CACHE_SIZE:
            st.pdf_cache.popitem(last=False)
        return data


def file_stem(company: dict[str, Any]) -> str:
    """A safe download name from the company name (letters, digits and hyphens only)."""
    import re
    import unicodedata

    name = unicodedata.normalize("NFKD", str(company.get("name") or "")).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:60]
    return stem or "report"
