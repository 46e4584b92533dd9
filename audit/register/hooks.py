"""What every front end does with the register around one assessment: find the client, add
the peer benchmark (when enough comparable companies exist), and keep the assessment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from audit.assessment import Assessment


def client_of(register: Any, assessment: Assessment, client_id: str | None) -> str | None:
    """The client this assessment belongs to: the given id, else the one with its name."""
    return client_id or register.find_client(str(assessment.company.get("name") or ""))


def add_benchmark(register: Any, assessment: Assessment, client_id: str | None,
                  note: Callable[[str], None] | None = None) -> None:
    """Attach the peer benchmark when at least MIN_PEERS comparable companies exist; else say
    why there is none (to the consultant, never in the report)."""
    from audit.benchmark import peer_benchmark, size_class
    from audit.strings import Message

    company = assessment.company
    sector, size = company.get("sector"), company.get("size")
    if not sector or size_class(size) is None:
        if note:
            note(Message("register_no_benchmark_unknown"))
        return
    peers = register.peers(assessment.questionnaire.get("id", ""), sector, size, exclude_client=client_id)
    result = peer_benchmark(peers, [(d.id, d.name) for d in assessment.dimensions], sector, size_class(size))
    if result["shown"]:
        assessment.benchmark = result
    elif note:
        note(Message("register_no_benchmark_few", n=result["n"], needed=result["min_peers"]))


def keep_in_default_register(items: list[tuple[Assessment, dict[str, Any] | None, str, str | None]],
                             warn: Callable[[str], None]) -> list[Any]:
    """Keep assessments from a front end without register options (interview, batch) in the
    register that SMAUDIT_REGISTER, SMAUDIT_DB or SMAUDIT_DATA names, else the one in the user
    data folder (audit/register/options.py). SMAUDIT_REGISTER=off keeps nothing. A register
    that cannot be written is a warning, never a lost report."""
    if not items:
        return []
    register = default_register(warn)
    if register is None:
        return []
    from audit.strings import Message

    try:
        return register.keep_many(items)
    except Exception as exc:  # noqa: BLE001 - the report is done; the register is a bonus here
        warn(Message("register_not_kept", error=exc))
        return []


def enabled() -> bool:
    """False when SMAUDIT_REGISTER=off (or no, 0, false): nothing is kept."""
    import os

    from audit.register.options import OFF

    return (os.environ.get("SMAUDIT_REGISTER") or "").strip().lower() not in OFF


def default_register(warn: Callable[[str], None]) -> Any | None:
    """The register keep_in_default_register writes to (a batch keeps its records there in
    bulk); None when it is off or cannot be opened (said with `warn`)."""
    import os
    from pathlib import Path

    from audit.register.options import open_register
    from audit.strings import Message

    try:
        data = os.environ.get("SMAUDIT_DATA")
        return open_register(os.environ.get("SMAUDIT_DB") or None, Path(data) if data else None,
                             fast=True, register=os.environ.get("SMAUDIT_REGISTER") or None,
                             note=lambda text: warn(text))
    except Exception as exc:  # noqa: BLE001 - the report is done; the register is a bonus here
        warn(Message("register_not_kept", error=exc))
        return None
