"""How a company name becomes a client: the same company under slightly different spellings
("Studio Noord", "studio noord B.V.") is one client."""

from __future__ import annotations

import re

from audit.answers import fold

# Legal forms in the Netherlands, Flanders and abroad, as they end a company name (folded).
LEGAL_FORMS = ("b v", "bv", "n v", "nv", "v o f", "vof", "c v", "cv", "bvba", "bv ba", "cvba", "comm v",
               "commv", "srl", "sprl", "vzw", "ltd", "limited", "gmbh", "inc", "llc", "holding")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def client_key(name: str) -> str:
    """The folded company name without its legal form: what makes two names the same client."""
    key = fold(name)
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS:
            if key.endswith(" " + form):
                key = key[: -len(form) - 1].strip()
                changed = True
    return key


def client_slug(name: str) -> str:
    """A readable id from a name: "Bakkerij De Korenschoof B.V." -> "bakkerij-de-korenschoof"."""
    slug = client_key(name).replace(" ", "-")[:56].strip("-")
    return slug or "client"
