"""`smaudit benchmark`: peer benchmarks from the client register, printed and exported."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from audit.commands.options import lang_option, questionnaire_option
from audit.errors import InputError
from audit.register.options import register_options, require_register


@click.command()
@register_options
@click.option("--sector", help="Only this sector (as typed in the answers; case and accents do not matter).")
@click.option("--size", help="Only this size class (1, 2-9, 10-49, 50-249, 250+) or a number of people.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the benchmarks: .json or .csv.")
@lang_option("Language of the dimension names (default: nl).")
@questionnaire_option("Questionnaire whose scores are compared (default: social-media-audit).")
def benchmark(register_location: str | None, data_dir: Path | None, db_url: str | None,
              sector: str | None, size: str | None, out: Path | None,
              lang: str | None, questionnaire_spec: str | None) -> None:
    """Median and middle half per dimension for each sector and size class with at least 5
    companies; smaller groups are counted, never shown. No company is named or identifiable."""
    from audit import catalog
    from audit.benchmark import MIN_PEERS, peer_benchmark, sector_key, size_class
    from audit.practice import practice_strings

    lang = lang or "nl"
    p = practice_strings(lang)
    questionnaire, _ = catalog.load(questionnaire_spec)
    dims = [(d.id, d.name(lang)) for d in questionnaire.dimensions]
    register = require_register(db_url, data_dir, register_location, lang)
    wanted_size = size_class(size) if size else None
    if size and wanted_size is None:
        raise InputError("--size", p["bench_size_unknown"].format(size=repr(size)))
    groups = [g for g in register.groups(questionnaire.id)
              if g["sector_key"] and g["size_class"]
              and (not sector or g["sector_key"] == sector_key(sector))
              and (not wanted_size or g["size_class"] == wanted_size)]
    every = register.all_peers(questionnaire.id)
    results = [peer_benchmark(every.get((g["sector_key"], g["size_class"]), []), dims, g["sector"],
                              g["size_class"]) for g in groups]
    shown = [r for r in results if r["shown"]]
    click.echo(p["bench_method_short"].format(min=MIN_PEERS))
    for r in shown:
        click.echo(f"\n{r['sector']} · {r['size_class']} · n = {r['n']}")
        for d in r["dimensions"]:
            figures = (f"{d['median']:>3}  ({d['p25']}–{d['p75']})" if "median" in d
                       else p["bench_too_few_short"].format(n=d["n"]))
            click.echo(f"  {d['name']:<34} {figures}")
    hidden = [r for r in results if not r["shown"]]
    if hidden:
        click.echo("\n" + p["bench_hidden"].format(groups=len(hidden), companies=sum(r["n"] for r in hidden),
                                                min=MIN_PEERS))
    if out is not None:
        from audit.files import write_atomic

        meta = {"questionnaire": questionnaire.id, "min_peers": MIN_PEERS,
                "method": p["bench_method"].format(min=MIN_PEERS)}
        if out.suffix.lower() == ".json":
            write_atomic(out, json.dumps({**meta, "groups": shown}, ensure_ascii=False, indent=2) + "\n")
        elif out.suffix.lower() == ".csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(["sector", "size_class", "companies", "dimension", "n", "median", "p25", "p75"])
            for r in shown:
                for d in r["dimensions"]:
                    writer.writerow([r["sector"], r["size_class"], r["n"], d["id"], d["n"],
                                     d.get("median", ""), d.get("p25", ""), d.get("p75", "")])
            write_atomic(out, buffer.getvalue())
        else:
            raise InputError(str(out), p["bench_format"])
        click.echo(p["wrote"].format(path=out))
