"""Questionnaires by id and version: which ones exist, and which one an answers file means.

Several questionnaires live side by side (the full audit, the quick scan, a consultant's
own). An answers file or a saved assessment names its questionnaire as
`questionnaire: {id: ..., version: ...}` (older files: `questionnaire: ID` plus
`questionnaire_version: V`); every front end finds the file through `find()`.

One policy for a changed questionnaire, in every front end:
  1. the exact id and version, if that file is there (reproducible: old answers are assessed
     with the questionnaire they were given for);
  2. otherwise the newest version with that id; answers to questions it declares `renamed`
     move to the new id and answers to `retired` questions are set aside and reported
     (see `audit.answers.from_mapping`), so old answers files keep working;
  3. an unknown id is an error that lists the ids that exist.

`--questionnaire` takes a file path or an id (optionally `id@version`).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit import locate as content
from audit.errors import InputError

BUILTIN_DIR = content.shipped_root() / "questionnaires"
DEFAULT_ID = content.DEFAULT_QUESTIONNAIRE
SUFFIXES = (".yaml", ".yml", ".json")


def questionnaire_dirs() -> list[Path]:
    """Folders searched, first wins for the same id and version: the consultant's own
    (`$SMAUDIT_QUESTIONNAIRES`, then `questionnaires/` in the user folder of audit.locate),
    then the shipped ones."""
    dirs: list[Path] = []
    env = os.environ.get("SMAUDIT_QUESTIONNAIRES")
    if env:
        dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += content.questionnaire_dirs()
    return [d for d in dirs if d.is_dir()]


@dataclass(frozen=True)
class Entry:
    id: str
    version: str
    path: Path


def version_key(version: str) -> tuple:
    """"1.10" sorts after "1.9"; parts that are not numbers compare as text after numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-]", version))


@functools.lru_cache(maxsize=64)
def _header(path: str, mtime: float) -> tuple[str, str] | None:
    """The top-level `id` and `version` of a questionnaire file, read without parsing the
    whole file (YAML events up to those two keys); None when it is not a questionnaire."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: dict[str, str] = {}
    depth, key, expecting_key = 0, None, True
    try:
        with open(path, encoding="utf-8-sig") as handle:
            for event in yaml.parse(handle, Loader=loader):
                if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                    if depth == 1 and not expecting_key:
                        expecting_key = True  # a nested value: skip it, the next scalar is a key
                    depth += 1
                elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                    depth -= 1
                elif isinstance(event, yaml.ScalarEvent) and depth == 1:
                    if expecting_key:
                        key = event.value
                    elif key in ("id", "version"):
                        found[key] = event.value
                        if len(found) == 2:
                            break
                    expecting_key = not expecting_key
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return (found["id"], found["version"]) if len(found) == 2 else None


def entries() -> list[Entry]:
    """Every questionnaire file on the search path, in search order."""
    found = []
    for folder in questionnaire_dirs():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in SUFFIXES or not path.is_file():
                continue
            header = _header(str(path), path.stat().st_mtime)
            if header:
                found.append(Entry(header[0], header[1], path))
    return found


def unreadable() -> list[Path]:
    """Files in the questionnaire folders whose id and version cannot be read (a YAML mistake
    near the top, or not a questionnaire): `find` cannot offer them, `validate` says why."""
    found = []
    for folder in questionnaire_dirs():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in SUFFIXES and path.is_file() and \
                    _header(str(path), path.stat().st_mtime) is None:
                found.append(path)
    return found


def find(qid: str, version: str | None = None) -> tuple[Path, str | None]:
    """The file of questionnaire `qid` (exactly `version` if it is there, else the newest),
    and a note when another version than the one asked for is used."""
    candidates = [e for e in entries() if e.id == qid]
    if not candidates:
        known = sorted({f"{e.id} {e.version}" for e in entries()}) or ["none"]
        broken = unreadable()
        unread = (f"; not readable, see `smaudit validate`: {', '.join(map(str, broken))}"
                  if broken else "")
        raise InputError(qid, f"no questionnaire with this id (known: {', '.join(known)}; "
                              f"folders searched: {', '.join(map(str, questionnaire_dirs()))}{unread})")
    if version is not None:
        exact = next((e for e in candidates if e.version == str(version)), None)
        if exact:
            return exact.path, None
    newest = max(candidates, key=lambda e: version_key(e.version))
    note = None
    if version is not None:
        from audit.strings import Message

        note = Message("version_not_installed", qid=qid, version=version, newest=newest.version)
    return newest.path, note


def reference(data: Any) -> tuple[str | None, str | None]:
    """The (id, version) an answers file or saved assessment names, if any."""
    if not isinstance(data, dict):
        return None, None
    ref = data.get("questionnaire")
    if isinstance(ref, dict):
        qid, version = ref.get("id"), ref.get("version")
    else:
        qid, version = ref, data.get("questionnaire_version")
    return (str(qid) if qid else None), (str(version) if version not in (None, "") else None)


def locate(spec: str | Path | None, data: Any = None) -> tuple[Path, str | None]:
    """The questionnaire file to use: `spec` (a path, an id or `id@version`) when given, else
    the one `data` (a parsed answers file or saved assessment) names, else the default."""
    if spec is not None:
        text = str(spec)
        path = Path(text)
        if path.suffix.lower() in SUFFIXES or path.exists() or os.sep in text:
            if not path.is_file():
                raise InputError(text, "questionnaire file not found")
            return path, None
        qid, _, version = text.partition("@")
        return find(qid, version or None)
    qid, version = reference(data)
    return find(qid or DEFAULT_ID, version)


def load(spec: str | Path | None, data: Any = None) -> tuple[Any, str | None]:
    """`locate()` and load: the Questionnaire and the note (if any) to show the user."""
    from audit.load import load_questionnaire

    path, note = locate(spec, data)
    return load_questionnaire(path), note
