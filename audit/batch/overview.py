"""The overview across clients, built only from their saved assessments (nothing recomputed):
scores by dimension, levels, how often each misconception occurs, the most common advice.
Written as XLSX (sortable) and as a branded PDF."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from audit.batch.texts import texts
from audit.files import atomic_path


def summarize(stem: str, a: Any) -> dict[str, Any]:
    """What the overview needs of one client's Assessment: a small dict, made where the
    assessment is made (a batch worker), so the overview of a long list never reads the
    assessments back or keeps them in memory."""
    return {
        "stem": stem, "name": a.company.get("name", ""), "sector": a.company.get("sector", ""),
        "size": a.company.get("size", ""), "overall": a.overall_score,
        "level": a.level["number"] if a.level else None, "level_name": a.level["name"] if a.level else "",
        "scores": {d.id: d.score for d in a.dimensions},
        "findings": [(f.id, f.title, f.headline, f.severity) for f in a.findings],
        "advice": [(item.id, item.title, item.rank) for item in a.advice],
        # the same for every client of a list: taken from the first
        "dimensions": [(d.id, d.name) for d in a.dimensions], "questionnaire": dict(a.questionnaire),
        "levels": [(lv["number"], lv["name"]) for lv in a.levels],
    }


PDF_CLIENTS = 40  # clients listed one by one in overview.pdf (two pages); a longer list: its lowest scores


class Overview:
    """The overview's figures, added up one client summary at a time (any order): per
    misconception and advice a count, texts kept once per id; each client's line goes to the
    run file (RunStore, in memory when none is given) and comes back in list order, so a long
    list takes no memory per client."""

    def __init__(self, lang: str, store: Any = None):
        if store is None:
            from audit.batch.runstore import RunStore

            store = RunStore(None)
        self.lang, self.store = lang, store
        self.dims: list[dict[str, str]] = []
        self.questionnaire: dict[str, Any] = {}
        self.level_names: dict[Any, str] = {}
        self.found: dict[str, dict[str, Any]] = {}
        self.advice: dict[str, dict[str, Any]] = {}
        self.levels: Counter = Counter()

    def add(self, summary: dict[str, Any], order: int = 0) -> None:
        if not self.dims:
            self.dims = [{"id": did, "name": name} for did, name in summary["dimensions"]]
            self.questionnaire = summary["questionnaire"]
            self.level_names = dict(summary["levels"])
        for fid, title, headline, severity in summary["findings"]:
            entry = self.found.get(fid)
            if entry is None:
                entry = self.found[fid] = {"id": fid, "title": title, "headline": headline, "count": 0,
                                           "high": 0}
            entry["count"] += 1
            entry["high"] += severity == "high"
        top = ""
        for aid, title, rank in summary["advice"]:
            entry = self.advice.get(aid)
            if entry is None:
                entry = self.advice[aid] = {"id": aid, "title": title, "count": 0, "top3": 0, "rank_sum": 0}
            entry["count"] += 1
            entry["top3"] += rank <= 3
            entry["rank_sum"] += rank
            top = top or entry["title"]
        scores = summary["scores"]
        self.store.add_line(order, summary["sector"], summary["size"], summary["overall"], [
            summary["stem"], summary["name"], summary["sector"], summary["size"], summary["overall"],
            summary["level"], summary["level_name"], [scores.get(d["id"]) for d in self.dims],
            [f[0] for f in summary["findings"]], top])
        self.levels[summary["level"]] += 1

    def client(self, line: list[Any]) -> dict[str, Any]:
        """A stored line as the templates read a client (misconception titles shared by id)."""
        stem, name, sector, size, overall, level, level_name, scores, ids, top = line
        return {"stem": stem, "name": name, "sector": sector, "size": size, "overall": overall,
                "level": level, "level_name": level_name, "scores": scores,
                "findings": [self.found[fid]["title"] for fid in ids], "finding_ids": ids, "top_advice": top}

    def data(self) -> dict[str, Any]:
        """The overview as overview.html.j2 and write_overview_xlsx read it. `clients` is read
        from the run file each time it is iterated, in list order; overview.pdf lists them
        one by one only up to PDF_CLIENTS (`listed`), else those with the lowest scores."""
        self.store.commit()
        clients = ClientLines(self)
        total = len(clients)
        sums, known = [0.0] * len(self.dims), [0] * len(self.dims)
        overall_sum, overall_known = 0.0, 0
        for line in self.store.lines():  # in list order, as the averages were always added up
            for i, score in enumerate(line[7]):
                if score is not None:
                    sums[i] += score
                    known[i] += 1
            if line[4] is not None:
                overall_sum += line[4]
                overall_known += 1
        found = [{**e, "share": e["count"] / total} for e in self.found.values()]
        advice = [{"id": e["id"], "title": e["title"], "count": e["count"], "top3": e["top3"],
                   "share": e["count"] / total, "mean_rank": round(e["rank_sum"] / e["count"], 1)}
                  for e in self.advice.values()]
        listed_all = total <= PDF_CLIENTS
        listed = list(clients) if listed_all else [self.client(line)
                                                   for line in self.store.lowest_lines(PDF_CLIENTS)]
        return {
            "lang": self.lang,
            "questionnaire": self.questionnaire,
            "dimensions": self.dims,
            "clients": clients,
            "listed": listed,
            "listed_all": listed_all,
            "averages": [round(s / k, 1) if k else None for s, k in zip(sums, known, strict=True)],
            "average_overall": round(overall_sum / overall_known, 1) if overall_known else None,
            "misconceptions": sorted(found, key=lambda e: (-e["count"], -e["high"], e["title"])),
            "advice": sorted(advice, key=lambda e: (-e["count"], e["mean_rank"], e["title"])),
            "levels": [{"number": n, "name": self.level_names.get(n, ""), "count": self.levels.get(n, 0)}
                       for n in sorted(self.level_names)] + (
                          [{"number": None, "name": texts(self.lang)["overview_unknown"],
                            "count": self.levels[None]}] if self.levels.get(None) else []),
            "total": total,
        }


class ClientLines:
    """The clients of an overview, in list order, read from the run file at each iteration."""

    def __init__(self, overview: Overview):
        self.overview = overview
        self.total = overview.store.line_count()

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self.overview.client(line) for line in self.overview.store.lines())

    def sectors(self) -> Iterator[tuple[str, str]]:
        """(sector, size) per client, in list order (for the peer benchmark)."""
        return self.overview.store.sectors()


def overview_data(entries: Iterable[tuple[str, Any]], lang: str) -> dict[str, Any]:
    """`entries`: (file stem, Assessment) per client, in list order; read once, one at a time."""
    overview = Overview(lang)
    for order, (stem, assessment) in enumerate(entries):
        overview.add(summarize(stem, assessment), order)
    return overview.data()


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

    def table(title: str, header: list[str], rows: Iterable[list[Any]], count: int, widths: list[int],
              percent_column: int | None = None) -> Any:
        sheet = book.create_sheet(title)
        for i, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, count + 1)}"
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
    rows = ([c["name"], c["sector"], c["size"], c["overall"], c["level"], c["level_name"], *c["scores"],
             len(c["findings"]), "; ".join(c["findings"]), c["top_advice"], f"{c['stem']}.pdf"]
            for c in data["clients"])  # one row at a time
    widths = [28, 16, 12, 9, 7, 18, *[12] * len(dims), 12, 50, 36, 28]
    sheet = table(t["overview_clients"], header, rows, len(data["clients"]), widths)
    last = len(data["clients"]) + 1
    if data["clients"]:
        first_col, last_col = get_column_letter(4), get_column_letter(6 + len(dims))
        sheet.conditional_formatting.add(f"{first_col}2:{first_col}{last}", scale)
        sheet.conditional_formatting.add(f"{get_column_letter(7)}2:{last_col}{last}", scale)
    table(t["overview_findings"], [t["overview_misconception"], t["overview_clients"], t["overview_share"],
                                   t["overview_high"]],
          [[m["title"], m["count"], round(m["share"], 3), m["high"]] for m in data["misconceptions"]],
          len(data["misconceptions"]), [44, 10, 10, 12], percent_column=3)
    table(t["overview_advice_item"], [t["overview_advice_item"], t["overview_clients"], t["overview_share"],
                                      t["overview_top3"], t["overview_mean_rank"]],
          [[a["title"], a["count"], round(a["share"], 3), a["top3"], a["mean_rank"]] for a in data["advice"]],
          len(data["advice"]), [44, 10, 10, 10, 12], percent_column=3)
    bench = data.get("benchmark")
    if bench and bench["groups"]:
        rows = [[g["sector"], g["size_class"], g["n"], d["name"], d["n"], d.get("median", ""),
                 d.get("p25", ""), d.get("p75", "")] for g in bench["groups"] for d in g["dimensions"]]
        rows += [[""], [bench["method"]], *[[note] for note in bench["notes"]]]
        header = [t["overview_sector"], t["overview_size_class"], t["overview_companies"],
                  t["overview_dimension"], "n", t["overview_median"], "P25", "P75"]
        table(t["overview_benchmark_sheet"], header,
              rows, len(rows), [24, 10, 10, 30, 6, 10, 8, 8])
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
