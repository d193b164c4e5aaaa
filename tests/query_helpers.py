"""Running the project's .rq files in tests."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rows(store, name: str) -> list[dict]:
    """Run queries/<name>.rq and return rows as dicts of plain strings (None when unbound)."""
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    res = store.query(text)
    return [{v: (None if t is None else str(t)) for v, t in zip(res.vars, r)} for r in res.rows]
