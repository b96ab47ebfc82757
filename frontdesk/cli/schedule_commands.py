"""`frontdesk schedule` (and, with the scheduling issue, book and openings)."""

from __future__ import annotations

import argparse
from typing import Any

from frontdesk.cli.common import add_db_option, open_db, print_json


def register(subparsers: Any) -> None:
    schedule = subparsers.add_parser("schedule", help="print a day's chair board")
    add_db_option(schedule)
    schedule.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    schedule.add_argument("--json", action="store_true", help="machine-readable output")
    schedule.set_defaults(handler=run_schedule)


def run_schedule(args: argparse.Namespace) -> int:
    from frontdesk.data.clinic_repo import load_profile
    from frontdesk.rules.clock import now_local, parse_date
    from frontdesk.services.schedule import load_day

    day = parse_date(args.date) if args.date else None
    open_db(args)
    profile = load_profile()
    board = load_day(day or now_local(profile.tz).date(), profile)
    if args.json:
        print_json(board_to_json(board))
    else:
        print(board_to_text(board))
    return 0


def appointment_to_json(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "patient": a.patient_name,
        "patient_id": a.patient_id,
        "chair": a.chair_name,
        "type": a.type.name,
        "type_code": a.type.code,
        "start": a.start.replace(tzinfo=None).isoformat(timespec="minutes"),
        "end": a.end.replace(tzinfo=None).isoformat(timespec="minutes"),
        "status": a.status,
        "series": a.series_label or None,
    }


def board_to_json(board: Any) -> dict[str, Any]:
    return {
        "date": board.day.isoformat(),
        "open": board.is_open,
        "chairs": [c.name for c in board.chairs],
        "appointments": [appointment_to_json(a) for a in board.appointments],
    }


def board_to_text(board: Any) -> str:
    lines = [f"{board.day:%A %d %B %Y}" + ("" if board.is_open else " (clinic closed)")]
    for chair in board.chairs:
        lines.append(f"\n{chair.name}" + ("" if chair.in_service else " (out of service)"))
        rows = board.in_chair(chair.id)
        lines.extend(_text_row(a) for a in rows)
        if not rows:
            lines.append("  free all day")
    if board.office:
        lines.append("\nOffice (no chair)")
        lines.extend(_text_row(a) for a in board.office)
    return "\n".join(lines)


def _text_row(a: Any) -> str:
    series = f" ({a.series_label})" if a.series_label else ""
    return f"  {a.start:%H:%M}–{a.end:%H:%M}  {a.patient_name:<28} {a.type.name}{series}  [{a.status}]"
