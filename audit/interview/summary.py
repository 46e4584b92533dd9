"""The closing summary in the terminal, drawn from the Assessment only (no scores computed here)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from audit.assessment import Assessment
from audit.interview.texts import texts

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def score_bar(score: float | None, width: int = 30) -> str:
    if score is None:
        return "·" * width
    filled = round(width * max(0.0, min(100.0, score)) / 100)
    return "█" * filled + "░" * (width - filled)


def print_summary(assessment: Assessment, console: Console) -> None:
    """Level, scores per dimension as bars, and the three most important findings."""
    s = texts(assessment.language)
    console.print()
    title = s["interview_summary_title"]
    if assessment.company.get("name"):
        title += f" · {assessment.company['name']}"
    console.rule(f"[bold]{escape(title)}")
    if assessment.level:
        level = s["interview_summary_level"].format(number=assessment.level["number"],
                                                    count=len(assessment.levels),
                                                    name=assessment.level["name"])
        overall = s["interview_summary_overall"].format(score=_number(assessment.overall_score,
                                                                      assessment.language))
        console.print(f"[bold]{escape(level)}[/]   {escape(overall)}")
        console.print(f"[dim]{escape(assessment.level['description'])}[/]")
    else:
        console.print(escape(s["interview_summary_no_level"]))

    # The names wrap and the bar shrinks before a score is ever cut (60 columns and up).
    scores = [s["interview_summary_unknown"] if dim.score is None
              else _number(dim.score, assessment.language) for dim in assessment.dimensions]
    name_width = min(max(len(d.name) for d in assessment.dimensions), 26)
    score_width = max(len(x) for x in scores)
    width = max(8, min(30, console.width - name_width - score_width - 4))
    table = Table(title=s["interview_summary_dimensions"], title_justify="left", box=None,
                  show_header=False, pad_edge=False)
    table.add_column(overflow="fold", max_width=name_width)
    table.add_column(no_wrap=True, min_width=width)
    table.add_column(justify="right", no_wrap=True, min_width=score_width)
    for dim, score in zip(assessment.dimensions, scores, strict=True):
        style = "red" if dim.weak else "green"
        table.add_row(escape(dim.name), f"[{style}]{score_bar(dim.score, width)}[/]", escape(score))
    console.print()
    console.print(table)
    done = assessment.completeness
    console.print(f"[dim]{escape(s['interview_summary_completeness'].format(**done))}[/]")
    if assessment.hidden_answers:
        console.print(f"[dim]{escape(s['interview_summary_hidden'].format(count=len(assessment.hidden_answers)))}[/]")

    console.print()
    console.print(f"[bold]{escape(s['interview_summary_findings'])}[/]")
    if not assessment.top_findings:
        console.print(escape(s["interview_summary_no_findings"]))
    findings = Table.grid(padding=(0, 1))  # wrapped lines stay under their own text
    findings.add_column(justify="right", no_wrap=True)
    findings.add_column(overflow="fold")
    for n, finding in enumerate(assessment.top_findings, 1):
        severity = s[f"severity_{finding.severity}"]
        findings.add_row(f"{n}.", f"[bold]{escape(finding.title)}[/] "
                                  f"[{SEVERITY_STYLE.get(finding.severity, '')}]({escape(severity)})[/]"
                                  f"\n[italic]{escape(finding.belief)}[/]")  # belief has its quotes
    if assessment.top_findings:
        console.print(findings)


def _number(value: float | None, lang: str) -> str:
    from audit.strings import format_number

    return "–" if value is None else format_number(round(value, 1), lang)
