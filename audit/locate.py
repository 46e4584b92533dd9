"""The one place that knows where content lives: questionnaires, report templates, brand kits,
language files and examples.

Content is looked up on a search path, first hit wins:

1. the consultant's own folder: `$SMAUDIT_HOME`, else the user config folder
   (`~/.config/smaudit` on Linux, the platform's equivalent elsewhere), holding any of
   `questionnaires/`, `brands/<name>/`, `languages/<code>/`;
2. the content shipped with smaudit: inside the installed package (`audit/content/`, put
   there by the wheel build, read through importlib.resources), or, for an editable install
   from a checkout, the checkout's top-level folders.

`--brand` takes a path (used as given) or a kit name looked up on this path; `--questionnaire`
a path or an id[@version] (see audit.catalog, which searches `questionnaire_dirs()`).
"""

from __future__ import annotations

import functools
import importlib.resources
import os
from pathlib import Path

from audit.errors import InputError

HOME_ENV = "SMAUDIT_HOME"
DEFAULT_QUESTIONNAIRE = "social-media-audit"
DEFAULT_BRAND = "default"
BRAND_FILE = "brand.yaml"


@functools.cache
def shipped_root() -> Path:
    """The folder holding the shipped questionnaires/, report_templates/, languages/, examples/."""
    packaged = importlib.resources.files("audit") / "content"
    if packaged.is_dir():
        # A wheel installed by pip is unpacked on disk; WeasyPrint and Jinja need real paths.
        return Path(str(packaged))
    checkout = Path(str(importlib.resources.files("audit"))).parent
    if (checkout / "questionnaires").is_dir():
        return checkout
    raise InputError(str(packaged), "smaudit's content folder is missing: reinstall smaudit")


def user_root() -> Path:
    """The consultant's own content folder (it need not exist)."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_config_path("smaudit", appauthor=False)


DATA_FOLDER = "data"  # under $SMAUDIT_HOME
LEGACY_DATA = Path("smaudit-data")  # where smaudit kept its store before: the current folder
STORE_FILE = "submissions.sqlite3"


def data_root() -> Path:
    """The default folder of the store (web submissions and the client register):
    `$SMAUDIT_HOME/data`, else the user data folder (`~/.local/share/smaudit` on Linux).
    One place whatever folder smaudit runs in, so a consultant has one register."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser() / DATA_FOLDER
    import platformdirs

    return platformdirs.user_data_path("smaudit", appauthor=False)


def legacy_data(chosen: Path) -> Path | None:
    """`./smaudit-data` when it holds a store of an earlier smaudit and is not `chosen`."""
    store = LEGACY_DATA / STORE_FILE
    if not store.is_file():
        return None
    try:
        if LEGACY_DATA.resolve() == Path(chosen).resolve():
            return None
    except OSError:
        return None
    return LEGACY_DATA


def search_roots() -> list[Path]:
    """Where content is looked for, first hit wins: the consultant's folder, then smaudit's."""
    return [user_root(), shipped_root()]


def templates_dir() -> Path:
    """The report templates (Jinja, CSS); always the shipped ones."""
    return shipped_root() / "report_templates"


def examples_dir() -> Path:
    return shipped_root() / "examples"


def _looks_like_path(value: str) -> bool:
    """`koers` is a name to look up; `./koers`, `kits/koers` and `audit.yaml` are paths."""
    return ("/" in value or os.sep in value or value.startswith(".")
            or value.endswith((".yaml", ".yml", ".json")))


def questionnaire_dirs() -> list[Path]:
    """Folders holding questionnaire files, the consultant's first (audit.catalog picks by id
    and version among them)."""
    return [user_root() / "questionnaires", shipped_root() / "questionnaires"]


def brand_dirs() -> list[Path]:
    """Folders holding brand kits (one sub-folder each), the consultant's first."""
    return [user_root() / "brands", templates_dir() / "brands"]


def brand_file(value: str | Path | None = None) -> Path:
    """A brand kit's brand.yaml: a folder or file as given, or a kit name on the search path."""
    if value is None:
        value = DEFAULT_BRAND
    path = Path(value)
    if path.exists() or _looks_like_path(str(value)):
        return path / BRAND_FILE if path.is_dir() else path
    for folder in brand_dirs():
        candidate = folder / str(value) / BRAND_FILE
        if candidate.is_file():
            return candidate
    looked = " or ".join(str(f) for f in brand_dirs())
    raise InputError(str(value), f"no brand kit of that name (a folder with {BRAND_FILE}) in {looked}")


def language_dirs() -> list[Path]:
    """Folders holding one sub-folder per language, the consultant's first."""
    return [user_root() / "languages", shipped_root() / "languages"]
