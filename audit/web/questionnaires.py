"""Which questionnaires one web app serves, and which one a stored submission is read with.

`smaudit serve` offers every questionnaire in the catalog (audit/catalog.py: the shipped full
audit and quick scan, and the consultant's own), each in its newest version, with the one
given by `--questionnaire` first (the start page's default). A company picks one on the start
page or through a link `/q/<id>/`; its submission records the questionnaire's id and version.

A stored submission is always read with the questionnaire it was started on: the exact id and
version when that file is still installed, else the newest of that id (renamed and retired
questions mapped, see audit.web.report.current_values). Plain data, so the render workers
(separate processes) get a copy of it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.model import Questionnaire


class Offered:
    """The questionnaires of one app: `default` first, then the catalog's, newest version of each id."""

    def __init__(self, default: Questionnaire, others: list[Questionnaire] = ()):  # type: ignore[assignment]
        self.default = default
        self.offered: list[Questionnaire] = [default]
        for q in others:
            if all(q.id != o.id for o in self.offered):
                self.offered.append(q)
        self._known: dict[tuple[str, str], Questionnaire] = {(q.id, q.version): q for q in self.offered}

    @classmethod
    def from_catalog(cls, default: Questionnaire) -> Offered:
        """`default` and the newest version of every other questionnaire on the search path; a
        file that does not load is left out and logged (the site serves the others)."""
        from audit import catalog
        from audit.errors import InputError
        from audit.load import load_questionnaire

        newest: dict[str, catalog.Entry] = {}
        for entry in catalog.entries():
            best = newest.get(entry.id)
            if best is None or catalog.version_key(entry.version) > catalog.version_key(best.version):
                newest[entry.id] = entry
        others = []
        for entry in newest.values():
            if entry.id == default.id:
                continue
            try:
                others.append(load_questionnaire(entry.path))
            except InputError as exc:
                logging.getLogger("smaudit").warning("questionnaire %s not offered: %s", entry.path,
                                                     "; ".join(exc.lines()))
        return cls(default, others)

    def get(self, qid: str) -> Questionnaire | None:
        """The offered questionnaire with this id (its newest version), if any."""
        return next((q for q in self.offered if q.id == qid), None)

    def of(self, qid: str, version: str) -> Questionnaire:
        """The questionnaire a submission was started on (see the module's docstring)."""
        known = self._known.get((qid, version))
        if known is not None:
            return known
        from audit import catalog
        from audit.errors import InputError
        from audit.load import load_questionnaire

        try:
            path, _ = catalog.find(qid, version)
            found = load_questionnaire(path)
        except InputError:
            found = None
        if found is None or found.version != version:
            # Not installed as such: the offered one of that id (it maps renamed and retired
            # questions), else, for an id no longer installed at all, the site's default.
            found = self.get(qid) or found or self.default
            logging.getLogger("smaudit").warning(
                "questionnaire %s %s is not installed: its submissions open with %s %s",
                qid, version, found.id, found.version)
        self._known[(qid, version)] = found
        return found
