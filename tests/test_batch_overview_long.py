"""The overview of a long client list stays something a consultant can read: overview.pdf lists
the clients with the lowest overall score (who need attention first) beside the figures over
all clients, and overview.xlsx holds every client, in list order."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from audit.answers import Answers, Company
from audit.assess import assess
from audit.load import load_questionnaire

PLANS = ["none", "rough", "written"]


def _overview(count: int):
    from audit.batch.overview import Overview, summarize

    q = load_questionnaire(FIXTURES / "mini.yaml")
    overview = Overview("en")
    for i in range(count):
        answers = Answers(Company(name=f"Client {i:02d}"), {"plan": PLANS[i % 3], "people": i % 5})
        overview.add(summarize(f"client-{i:02d}", assess(q, answers, "en")), i + 2)
    return overview


@pytest.mark.pdf
def test_a_long_list_lists_who_needs_attention_first_and_keeps_every_client(tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from audit.batch import overview as module
    from audit.brand import load_brand

    monkeypatch.setattr(module, "PDF_CLIENTS", 5)
    data = _overview(12).data()
    everyone = list(data["clients"])
    assert [c["name"] for c in everyone] == [f"Client {i:02d}" for i in range(12)]  # list order
    lowest = sorted(everyone, key=lambda c: c["overall"])[:5]
    assert not data["listed_all"]
    assert [c["overall"] for c in data["listed"]] == [c["overall"] for c in lowest]
    assert max(c["overall"] for c in data["listed"]) <= min(
        c["overall"] for c in everyone if c not in data["listed"])
    known = [c["overall"] for c in everyone]
    assert data["average_overall"] == round(sum(known) / len(known), 1)  # over all, not the listed

    module.write_overview_pdf(data, load_brand(None), tmp_path / "overview.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "overview.pdf").pages)
    assert "Clients who need attention first" in text
    assert "The 5 clients with the lowest overall score, of 12" in text
    for client in everyone:
        assert (client["name"] in text) == (client in data["listed"]), client["name"]

    module.write_overview_xlsx(data, tmp_path / "overview.xlsx")
    rows = list(load_workbook(tmp_path / "overview.xlsx")["Clients"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [c["name"] for c in everyone]


def test_a_short_list_lists_every_client_in_list_order():
    data = _overview(4).data()
    assert data["listed_all"] and [c["name"] for c in data["listed"]] == [f"Client {i:02d}" for i in range(4)]
