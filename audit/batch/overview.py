"""The overview across clients, built only from their saved assessments (nothing recomputed):
scores by dimension, levels, how often each misconception occurs, the most common advice.
Written as XLSX (sortable) and as a branded PDF."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from audit.batch.texts import texts
from audit.files import atomic_path


def overview_data(entries: Iterable[tuple[str, Any]], lang: str) -> dict[str, Any]:
    """`entries`: (file stem, Assessment) per client, in list order; read once, one at a time."""
    first = None
    dims: list[dict[str, str]] = []
    clients = []
    found: dict[str, dict[str, Any]] = {}
    advice: dict[str, dict[str, Any]] = {}
    levels = Counter()
    for stem, a in entries:
        if first is None:
            first = a
            dims = [{"id": d.id, "name": d.name} for d in a.dimensions]
            questionnaire, level_names = dict(a.questionnaire), {lv["number"]: lv["name"] for lv in a.levels}
        scores = {d.id: d.score for d in a.dimensions}
        clients.append({
            "stem": stem, "name": a.company.get("name", ""), "sector": a.company.get("sector", ""),
            "size": a.company.get("size", ""), "overall": a.overall_score,
            "level": a.level["number"] if a.level else None,
            "level_name": a.level["name"] if a.level else "",
            "scores": [scores.get(d["id"]) for d in dims],
            "findings": [f.title for f in a.findings],
            "finding_ids": [f.id for f in a.findings],
            "top_advice": a.advice[0].title if a.advice else "",
        })
        levels[a.level["number"] if a.level else None] += 1
        for f in a.findings:
            entry = found.setdefault(f.id, {"id": f.id, "title": f.title, "headline": f.headline,
                                            "count": 0, "high": 0})
            entry["count"] += 1
            entry["high"] += f.severity == "high"
        for item in a.advice:
            entry = advice.setdefault(item.id, {"id": item.id, "title": item.title, "count": 0,
                                                "top3": 0, "ranks": []})
            entry["count"] += 1
            entry["top3"] += item.rank <= 3
            entry["ranks"].append(item.rank)
    total = len(clients)
    for entry in found.values():
        entry["share"] = entry["count"] / total
    for entry in advice.values():
        entry["share"] = entry["count"] / total
        entry["mean_rank"] = round(sum(entry.pop("ranks")) / entry["count"], 1)
    averages = []
    for i in range(len(dims)):
        known = [c["scores"][i] for c in clients if c["scores"][i] is not None]
        averages.append(round(sum(known) / len(known), 1) if known else None)
    known_overall = [c["overall"] for c in clients if c["overall"] is not None]
    if first is None:
        questionnaire, level_names = {}, {}
    return {
        "lang": lang,
        "questionnaire": questionnaire,
        "dimensions": dims,
        "clients": clients,
        "averages": averages,
        "average_overall": round(sum(known_overall) / len(known_overall), 1) if known_overall else None,
        "misconceptions": sorted(found.values(), key=lambda e: (-e["count"], -e["high"], e["title"])),
        "advice": sorted(advice.values(), key=lambda e: (-e["count"], e["mean_rank"], e["title"])),
        "levels": [{"number": n, "name": level_names.get(n, ""), "count": levels.get(n, 0)}
                   for n in sorted(level_names)] + (
                      [{"number": None, "name": texts(lang)["overview_unknown"], "count": levels[None]}]
                      if levels.get(None) else []),
        "total": total,
    }


def write_overview_xlsx(data: dict[str, Any], out: Path) -> None:
    """Written streaming (openpyxl write-only): memory stays flat however long the list."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    t = texts(data["lang"])
    book = Workbook(write_only=True)
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F3A5F")
    scale = ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",
                           mid_type="num", mid_value=50, mid_color="FFEB84",
                           end_type="num", end_value=100, end_color="63BE7B")

    def table(title: str, header: list[str], rows: list[list[Any]], widths: list[int],
              percent_column: int | None = None) -> Any:
        sheet = book.create_sheet(title)
        for i, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"
        cells = []
        for text in header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font, cell.fill = header_font, header_fill
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            out_row: list[Any] = []
            for column, value in enumerate(row, 1):
                if isinstance(value, str) and value.startswith("=") or column == percent_column:
                    cell = WriteOnlyCell(sheet, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # client text, never a formula
                    else:
                        cell.number_format = "0%"
                    out_row.append(cell)
                else:
                    out_row.append(value)
            sheet.append(out_row)
        return sheet

    dims = [d["name"] for d in data["dimensions"]]
    header = [t["overview_company"], t["overview_sector"], t["overview_size"], t["overview_overall"],
              t["overview_level"], t["overview_level_name"], *dims, t["overview_findings_count"],
              t["overview_findings"], t["overview_advice"], t["overview_client_file"]]
    rows = [[c["name"], c["sector"], c["size"], c["overall"], c["level"], c["level_name"], *c["scores"],
             len(c["findings"]), "; ".join(c["findings"]), c["top_advice"], f"{c['stem']}.pdf"]
            for c in data["clients"]]
    widths = [28, 16, 12, 9, 7, 18, *[12] * len(dims), 12, 50, 36, 28]
    sheet = table(t["overview_clients"], header, rows, widths)
    last = len(rows) + 1
    if rows:
        first_col, last_col = get_column_letter(4), get_column_letter(6 + len(dims))
        sheet.conditional_formatting.add(f"{first_col}2:{first_col}{last}", scale)
        sheet.conditional_formatting.add(f"{get_column_letter(7)}2:{last_col}{last}", scale)
    table(t["overview_findings"], [t["overview_misconception"], t["overview_clients"], t["overview_share"],
                                   t["overview_high"]],
          [[m["title"], m["count"], round(m["share"], 3), m["high"]] for m in data["misconceptions"]],
          [44, 10, 10, 12], percent_column=3)
    table(t["overview_advice_item"], [t["overview_advice_item"], t["overview_clients"], t["overview_share"],
                                      t["overview_top3"], t["overview_mean_rank"]],
          [[a["title"], a["count"], round(a["share"], 3), a["top3"], a["mean_rank"]] for a in data["advice"]],
          [44, 10, 10, 10, 12], percent_column=3)
    with atomic_path(out) as tmp:
        book.save(tmp)


def score_class(score: float | None) -> str:
    """A CSS class for the colour scale (no client data ever reaches a style attribute)."""
    return "s-na" if score is None else f"s{max(0, min(10, int(score // 10)))}"


def render_overview_html(data: dict[str, Any], brand: Any) -> str:
    from audit.render.html import environment

    template = environment().get_template("overview.html.j2")
    return template.render(d=data, t=texts(data["lang"]), brand=brand, lang=data["lang"],
                           score_class=score_class, logo_url=brand.logo_path.as_uri())


def write_overview_pdf(data: dict[str, Any], brand: Any, out: Path) -> None:
    from audit.render.pdf import write_pdf

    write_pdf(render_overview_html(data, brand), brand, out, lang=data["lang"])
