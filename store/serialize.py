"""Records as plain dicts: one place that decides the fields of JSON output and exports."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from store.records import AssignmentRow, DocumentDetail, DocumentRow


def _iso(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_iso(v) for v in value]
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value


def document_dict(row: DocumentRow | DocumentDetail) -> dict[str, Any]:
    data = asdict(row)
    if isinstance(row, DocumentDetail):
        data.pop("full_text", None)
        data.pop("history", None)
        data["assignments"] = [assignment_dict(a) for a in row.assignments]
        data["links"] = [
            {
                "relation": link.relation,
                "direction": link.direction,
                "document_id": link.other_id,
                "number": link.other_label,
                "subject": link.other_subject,
                "reference": link.reference,
            }
            for link in row.links
        ]
    return _iso(data)


def assignment_dict(row: AssignmentRow) -> dict[str, Any]:
    data = asdict(row)
    data["lead"] = list(row.lead)
    data["support"] = list(row.support)
    return _iso(data)
