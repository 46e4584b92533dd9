"""/admin for the consultant's follow-up: search, filters, sort, paging, export, duplicates,
no level before enough is answered, the conclusion, deleting a submission."""

# ruff: noqa: F811 - the fixtures imported from test_web are used as test arguments
from __future__ import annotations

import io
import json
import re

from test_web import PASSWORD, _auth, csrf, fill_all, start, stored

from test_web import app, client, fake_time, make_app, with_password  # noqa: F401  isort: skip

ADMIN = _auth(PASSWORD)


def make_submissions(app, count: int, **company) -> list:
    """Submissions straight into the store (as many as a busy consultant has), half completed."""
    from audit.web.report import save

    st = app.extensions["smaudit"]
    subs = []
    for n in range(count):
        sub = st.store.create({"name": f"Bedrijf {n:03d}", "sector": ["Bouw", "Zorg", "Retail"][n % 3],
                               "size": "10-49", "contact": f"info{n}@example.nl", **company},
                              "nl" if n % 2 else "en", st.questionnaire.id, st.questionnaire.version)
        if n % 2 == 0:
            sub.answers = {"plan": ["none", "rough", "written"][n % 3], "people": n % 4}
            sub.completed = True
        save(st.store, sub, st.questionnaire)
        subs.append(sub)
    return subs


def names(html: str) -> list[str]:
    return [n.strip() for n in re.findall(r"<th scope=\"row\">([^<]+)", html)]


def test_search_filter_sort_and_pages(client, app, with_password):
    make_submissions(app, 120)
    html = client.get("/admin/", headers=ADMIN).data.decode()
    assert "1–50 van 120" in html and "pagina 1 van 3" in html
    assert len(names(html)) == 50
    last = client.get("/admin/?page=3", headers=ADMIN).data.decode()
    assert len(names(last)) == 20 and "101–120 van 120" in last
    # Search in name, sector and contact, case-insensitive.
    found = names(client.get("/admin/?q=BEDRIJF%2001", headers=ADMIN).data.decode())
    assert sorted(found) == [f"Bedrijf {n:03d}" for n in range(10, 20)]
    assert len(names(client.get("/admin/?q=info7%40", headers=ADMIN).data.decode())) == 1
    # Filters combine.
    zorg = client.get("/admin/?sector=Zorg&status=completed", headers=ADMIN).data.decode()
    expected = [n for n in range(120) if n % 3 == 1 and n % 2 == 0]
    assert f"van {len(expected)}" in zorg
    assert len(names(client.get("/admin/?lang=nl&per=1", headers=ADMIN).data.decode())) == 50
    assert "1–50 van 60" in client.get("/admin/?lang=nl", headers=ADMIN).data.decode()
    # Sort by name, both ways.
    up = names(client.get("/admin/?sort=name&dir=asc", headers=ADMIN).data.decode())
    assert up == sorted(up) and up[0] == "Bedrijf 000"
    down = names(client.get("/admin/?sort=name&dir=desc", headers=ADMIN).data.decode())
    assert down[0] == "Bedrijf 119"
    # Dates: nothing started before 2000, everything since.
    assert "Nog geen inzendingen" in client.get("/admin/?until=1999-12-31", headers=ADMIN).data.decode()
    assert "van 120" in client.get("/admin/?since=2000-01-01", headers=ADMIN).data.decode()
    # Hostile parameters are ignored, not errors.
    for query in ("sort=x;drop", "page=-4", "page=abc", "level=99", "since=yesterday", "dir=sideways"):
        assert client.get(f"/admin/?{query}", headers=ADMIN).status_code == 200


def test_level_only_when_complete_enough_in_one_language(client, app, with_password):
    done = start(client, "Klaar BV")
    fill_all(client, app, done)
    start(client, "Net Begonnen")
    html = client.get("/admin/?sort=name&dir=asc", headers=ADMIN).data.decode()
    rows = html.split('<th scope="row">')[1:]
    klaar = next(r for r in rows if r.startswith("Klaar BV"))
    begonnen = next(r for r in rows if r.startswith("Net Begonnen"))
    level = stored(app, done).summary.level
    q = app.extensions["smaudit"].questionnaire
    dutch = next(lv for lv in q.levels if lv.number == level).name("nl")
    assert f"{level} – {dutch}" in klaar  # the admin's language (nl), whatever the company's (en)
    assert "nog geen niveau: 2 verplichte vraag/vragen open" in begonnen  # says how complete
    assert re.search(r"0 / \d+", begonnen)
    assert "level=none" not in html and 'value="none"' in html
    only_none = names(client.get("/admin/?level=none", headers=ADMIN).data.decode())
    assert only_none == ["Net Begonnen"]


def test_duplicates_are_flagged(client, app, with_password):
    start(client, "Bakkerij Jansen")
    start(client, "bakkerij jansen")
    start(client, "Slagerij Jansen")
    html = client.get("/admin/", headers=ADMIN).data.decode()
    assert html.count("2 inzendingen met deze naam") == 2


def test_export_button_exports_the_filtered_list(client, app, with_password):
    from openpyxl import load_workbook

    make_submissions(app, 9)
    html = client.get("/admin/?sector=Bouw", headers=ADMIN).data.decode()
    link = re.search(r'href="(/admin/export\.xlsx[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(link, headers=ADMIN)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    exported = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert exported == ["Bedrijf 000", "Bedrijf 003", "Bedrijf 006"]
    csv_text = client.get(link.replace(".xlsx", ".csv"), headers=ADMIN).data.decode("utf-8-sig")
    assert "Bedrijf 003" in csv_text and "Bedrijf 001" not in csv_text
    assert client.get("/admin/export.xlsx").status_code == 401


def test_conclusion_is_edited_and_goes_into_the_report(client, app, with_password):
    token = start(client, "Conclusie BV")
    fill_all(client, app, token)
    key = stored(app, token).key
    page = client.get(f"/admin/{key}/conclusion", headers=ADMIN)
    assert page.status_code == 200
    text = "Sterke basis; begin met een contentkalender."
    response = client.post(f"/admin/{key}/conclusion", headers=ADMIN,
                           data={"csrf_token": csrf(page.data), "conclusion": text})
    assert response.status_code == 303
    assert stored(app, token).consultant_notes == {"conclusion": text}
    data = json.loads(client.get(f"/admin/{key}/assessment.json", headers=ADMIN).data)
    assert data["consultant_notes"]["conclusion"] == text
    listing = client.get("/admin/", headers=ADMIN).data.decode()
    assert "Conclusie voor Conclusie BV bewaard." in listing
    response = client.post(f"/admin/{key}/conclusion", headers=ADMIN,
                           data={"csrf_token": csrf(page.data), "conclusion": "bel\x07"})
    assert response.status_code == 400
    # Without the password (and so without a CSRF token of an admin page) nothing changes.
    assert client.post(f"/admin/{key}/conclusion", data={"conclusion": "x"}).status_code in (400, 401)
    assert stored(app, token).consultant_notes == {"conclusion": text}


def test_consultant_deletes_a_submission(client, app, with_password):
    token = start(client, "Vergeet Mij BV")
    fill_all(client, app, token)
    client.get(f"/s/{token}/report.pdf")  # a cached report too
    key = stored(app, token).key
    page = client.get(f"/admin/{key}/delete", headers=ADMIN)
    assert "Vergeet Mij BV" in page.data.decode() and page.status_code == 200
    assert stored(app, token) is not None  # asking is not deleting
    response = client.post(f"/admin/{key}/delete", headers=ADMIN, data={"csrf_token": csrf(page.data)})
    assert response.status_code == 303
    assert stored(app, token) is None and app.extensions["smaudit"].store.report(key) is None
    assert client.get(f"/s/{token}/1").status_code == 404
    assert "is gewist" in client.get("/admin/", headers=ADMIN).data.decode()
