"""One set of terms in every text a client or consultant reads: the report, the interview,
the web app, the batch texts and the questionnaires, in Dutch and English.

Dutch: adviseur (not consultant), misverstand (not misvatting, not bevinding), onderdeel
(not dimensie). English: consultant (not adviser/advisor), misconception (not
misunderstanding, myth or findings), dimension. The ids in the code keep their English
names; only what is printed or shown is checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

BANNED = {
    "nl": {r"\bconsultants?\b": "adviseur", r"\bmisvatting(en)?\b": "misverstand",
           r"\bbevinding(en)?\b": "misverstand", r"\bdimensies?\b": "onderdeel"},
    "en": {r"\badvis[eo]rs?\b": "consultant", r"\bmisunderstandings?\b": "misconception",
           r"\bmyths?\b": "misconception", r"\bfindings\b": "misconceptions"},
}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # {findings} is a placeholder, not a word


def _strings(node, lang: str | None, where: str):
    """(language, text, where) for every string in a YAML tree; a {nl: .., en: ..} mapping
    gives its texts their language, a strings file its own."""
    if isinstance(node, dict):
        for key, value in node.items():
            key_lang = key if isinstance(key, str) and key.split("-")[0] in BANNED else lang
            yield from _strings(value, key_lang, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, lang, f"{where}[{i}]")
    elif isinstance(node, str) and lang:
        yield lang.split("-")[0], node, where


def _texts():
    for folder in sorted((ROOT / "languages").iterdir()):
        for path in sorted(folder.glob("*.yaml")):
            yield from _strings(yaml.safe_load(path.read_text(encoding="utf-8")), folder.name,
                                str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "questionnaires").glob("*.yaml")):
        yield from _strings(yaml.safe_load(path.read_text(encoding="utf-8")), None,
                            str(path.relative_to(ROOT)))
    templates = [*(ROOT / "report_templates").rglob("*.j2"),
                 *(ROOT / "audit" / "web" / "templates").glob("*.html")]
    for path in sorted(templates):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{#.*?#\}|<!--.*?-->|\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
        text = re.sub(r"<style\b.*?</style>|<script\b.*?</script>|<[^>]*>", " ", text, flags=re.S)
        for lang in BANNED:  # templates print their texts from the strings; any word here is literal
            yield lang, text, str(path.relative_to(ROOT))


def test_no_banned_variant_in_any_user_visible_text():
    found = []
    for lang, text, where in _texts():
        plain = PLACEHOLDER.sub(" ", text)
        for pattern, term in BANNED[lang].items():
            for match in re.finditer(pattern, plain, flags=re.I):
                found.append(f"{where}: {match.group(0)!r} (write {term!r})")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang, text, expect", [
    ("nl", "neem contact op met de consultant", True),
    ("nl", "de bevindingen verderop", True),
    ("nl", "Scores per dimensie", True),
    ("nl", "Conclusie van de adviseur", False),
    ("en", "the findings further on show why", True),
    ("en", "Finding new employees", False),
    ("en", "{findings} keeps the level", False),
])
def test_the_check_itself_catches_the_variants(lang, text, expect):
    plain = PLACEHOLDER.sub(" ", text)
    assert any(re.search(p, plain, flags=re.I) for p in BANNED[lang]) is expect
