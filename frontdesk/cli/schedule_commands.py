"""`frontdesk schedule`, `book`, `openings`, `move`, `change-chair`, `cancel`, `checkin`, `no-show`, `undo-step`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from frontdesk.cli.common import CliError, acting_user, add_db_option, open_db, print_json
from frontdesk.rules.pickup import STATE_WORDS


def register(subparsers: Any) -> None:
    schedule = subparsers.add_parser("schedule", help="print a day's chair board")
    add_db_option(schedule)
    schedule.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    schedule.add_argument("--json", action="store_true", help="machine-readable output")
    schedule.set_defaults(handler=run_schedule)
    _register_book(subparsers)
    _register_openings(subparsers)
    _register_changes(subparsers)
    _register_series(subparsers)
    _register_block(subparsers)


def run_schedule(args: argparse.Namespace) -> int:
    from frontdesk.rules.clock import now_local, parse_date
    from frontdesk.services.schedule import clinic_profile, load_day

    day = parse_date(args.date) if args.date else None
    open_db(args)
    acting_user(args)  # the board names patients: only a signed-in user sees it
    profile = clinic_profile()
    board = load_day(day or now_local(profile.tz).date(), profile)
    if args.json:
        print_json(board_to_json(board))
    else:
        print(board_to_text(board))
    return 0


def appointment_to_json(a: Any, board: Any = None) -> dict[str, Any]:
    """One appointment; with its day's `board`, also what the board flags on it ("alert": late, overdue,
    collides, chair_busy; "warning": why, in words)."""
    extra = {"alert": board.alerts.get(a.id), "warning": board.warnings.get(a.id)} if board is not None else {}
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
        "confirmed": a.confirmed,
        "pickup": a.pickup or None,  # in recovery: not_yet | to_call | try_again | settled | moved (rules.pickup)
        "interpreter": a.interpreter or None,  # the language an interpreter is needed for ("Spanish")
        **extra,
    }


def board_to_json(board: Any) -> dict[str, Any]:
    return {
        "date": board.day.isoformat(),
        "open": board.is_open,
        "chairs": [c.name for c in board.chairs],
        "appointments": [appointment_to_json(a, board) for a in board.appointments],
        "blocks": [{"chair": _chair_name(board, b.chair_id), "start": b.start.replace(tzinfo=None).isoformat(
            timespec="minutes"), "end": b.end.replace(tzinfo=None).isoformat(timespec="minutes"), "kind": b.kind,
            "reason": b.reason} for b in board.blocks],
    }


def _chair_name(board: Any, chair_id: int | None) -> str | None:
    return next((c.name for c in board.chairs if c.id == chair_id), None)


def board_to_text(board: Any) -> str:
    lines = [f"{board.day:%A %d %B %Y}" + ("" if board.is_open else " (clinic closed)")]
    lines.extend(_block_row(b) for b in board.blocks if b.chair_id is None)
    for chair in board.chairs:
        lines.append(f"\n{chair.name}" + ("" if chair.in_service else " (out of service)"))
        rows = board.in_chair(chair.id)
        lines.extend(_block_row(b) for b in board.blocks if b.chair_id == chair.id)
        lines.extend(_text_row(a, board) for a in rows)
        if not rows:
            lines.append("  free all day")
    if board.office:
        lines.append("\nOffice (no chair)")
        lines.extend(_text_row(a, board) for a in board.office)
    return "\n".join(lines)


def _text_row(a: Any, board: Any) -> str:
    series = f" ({a.series_label})" if a.series_label else ""
    interpreter = f"  {a.interpreter} interpreter" if a.interpreter else ""
    alert = board.alerts.get(a.id)
    status = f"{a.status} · {board.status_label(a).lower()}" if alert else a.status
    status += " · confirmed" if a.confirmed else ""
    status += f" · {STATE_WORDS[a.pickup].lower()}" if a.pickup in STATE_WORDS else ""
    warning = f"\n      ! {board.warnings[a.id]}" if a.id in board.warnings else ""
    return (f"  {a.start:%H:%M}–{a.end:%H:%M}  {a.patient_name:<28} {a.type.name}{series}  [{status}]"
            f"{interpreter}{warning}")


def _block_row(block: Any) -> str:
    reason = f": {block.reason}" if block.reason else ""
    return f"  {_block_time(block.start, block.end)}  blocked ({block.kind.replace('_', ' ')}){reason}"


def _block_time(start: Any, end: Any) -> str:
    """"12:00–13:00"; a block over whole days: "all day" (it read "00:00–00:00"), or with its dates."""
    if start.date() == end.date():
        return f"{start:%H:%M}–{end:%H:%M}"
    if start.hour == start.minute == end.hour == end.minute == 0:
        last = end - dt.timedelta(days=1)
        return "all day" if last.date() == start.date() else f"all day, {start:%a %d %b} to {last:%a %d %b}"
    return f"{start:%a %d %b %H:%M}–{end:%a %d %b %H:%M}"


# --- book, openings, move, cancel, check-in ------------------------------------------------------


def _register_book(subparsers: Any) -> None:
    book = subparsers.add_parser("book", help="book an appointment; prints the new id or names the conflict")
    add_db_option(book)
    book.add_argument("--patient", required=True, metavar="ID", help="patient id (or chart number)")
    book.add_argument("--type", required=True, metavar="TYPE", help='type name as `schedule --json` shows it, or code')
    book.add_argument("--chair", metavar="CHAIR", help='chair name ("Chair 3"); default: the first free chair')
    book.add_argument("--start", required=True, metavar="YYYY-MM-DD HH:MM", help="start of the chair time (local)")
    book.add_argument("--override", action="store_true", help="book despite soft-limit warnings (recorded)")
    book.add_argument("--notes", default="", help="a note for the desk")
    book.add_argument("--json", action="store_true", help="machine-readable output")
    book.set_defaults(handler=run_book)


def _register_openings(subparsers: Any) -> None:
    openings = subparsers.add_parser("openings", help="first free chair times per day for a type")
    add_db_option(openings)
    openings.add_argument("--type", required=True, metavar="TYPE", help="type name or code")
    openings.add_argument("--from", dest="from_date", metavar="YYYY-MM-DD", help="first day (default: today)")
    openings.add_argument("--days", type=int, default=7, metavar="N", help="how many days to look at (default 7)")
    openings.add_argument("--chair", metavar="CHAIR", help="only this chair")
    openings.add_argument("--weekdays", metavar="mon,tue,...", help="only these weekdays")
    openings.add_argument("--time", dest="time_of_day", metavar="WHEN", help="morning, afternoon or HH:MM-HH:MM")
    openings.add_argument("--per-day", type=int, default=3, metavar="N", help="times per day (default 3)")
    openings.add_argument("--json", action="store_true", help="machine-readable output")
    openings.set_defaults(handler=run_openings)


def _register_changes(subparsers: Any) -> None:
    move = subparsers.add_parser("move", help="move an appointment to another time or chair")
    add_db_option(move)
    move.add_argument("appointment", type=int, metavar="APPOINTMENT_ID")
    move.add_argument("--start", required=True, metavar="YYYY-MM-DD HH:MM")
    move.add_argument("--chair", metavar="CHAIR", help="default: its own chair")
    move.add_argument("--type", metavar="TYPE", help="also give it another type (this one only)")
    move.add_argument("--following", action="store_true", help="also move the later sessions of its series")
    move.add_argument("--override", action="store_true", help="move despite soft-limit warnings (recorded)")
    move.set_defaults(handler=run_move)
    chair = subparsers.add_parser("change-chair", help="move a patient who is already here to another chair, "
                                                       "keeping the times")
    add_db_option(chair)
    chair.add_argument("appointment", type=int, metavar="APPOINTMENT_ID")
    chair.add_argument("--chair", required=True, metavar="CHAIR")
    chair.set_defaults(handler=run_change_chair)
    cancel = subparsers.add_parser("cancel", help="cancel an appointment (within 24 h counts as late)")
    add_db_option(cancel)
    cancel.add_argument("appointment", type=int, metavar="APPOINTMENT_ID")
    cancel.add_argument("--by", required=True, choices=("patient", "clinic"))
    cancel.add_argument("--reason", required=True)
    cancel.add_argument("--following", action="store_true", help="also cancel the later sessions of its series")
    cancel.set_defaults(handler=run_cancel)
    checkin = subparsers.add_parser("checkin", help="next day-of step: arrived, in chair, recovery, discharged")
    add_db_option(checkin)
    checkin.add_argument("appointment", type=int, metavar="APPOINTMENT_ID")
    checkin.add_argument("--override", action="store_true",
                         help="record 'in chair' for esketamine without REMS enrolment on file (recorded)")
    checkin.set_defaults(handler=run_checkin)
    no_show = subparsers.add_parser("no-show", help="mark a booked appointment as a no-show")
    add_db_option(no_show)
    no_show.add_argument("appointment", type=int, metavar="APPOINTMENT_ID")
    no_show.set_defaults(handler=run_no_show)
    undo = subparsers.add_parser("undo-step", help="take back an appointment's last day-of step or its no-show")
    add_db_option(undo)
    undo.add_argument("appointment", type=int, metavar="APPOINTMENT_ID")
    undo.set_defaults(handler=run_undo_step)


def _parse_start(text: str) -> Any:
    from frontdesk.rules.clock import parse_local_datetime

    try:
        return parse_local_datetime(text)
    except ValueError as exc:
        raise CliError(f"start: {exc}") from None


def _patient_id(text: str) -> int:
    from frontdesk.services.patients import id_by_chart

    value = text.strip()
    if value.isdigit():
        return int(value)
    found = id_by_chart(value.upper())
    if found is None:
        raise CliError(f"patient: no patient with id or chart number {value!r}")
    return found


@contextmanager
def _refusals_as_errors() -> Iterator[None]:
    """A refused request (a conflict, a soft limit, a permission) becomes the command's one-line error."""
    from frontdesk.services.booking import BookingConflict, SoftLimitWarning
    from frontdesk.services.permissions import NotPermittedError

    try:
        yield
    except SoftLimitWarning as exc:
        raise CliError(f"{exc} (add --override to go ahead)") from None
    except (BookingConflict, NotPermittedError) as exc:
        raise CliError(str(exc)) from None


def run_book(args: argparse.Namespace) -> int:
    from frontdesk.services import booking

    start = _parse_start(args.start)
    open_db(args)
    actor = acting_user(args)
    with _refusals_as_errors():
        new_id = booking.book(_patient_id(args.patient), args.type, args.chair or None, start, actor,
                              override=args.override, notes=args.notes)
    if args.json:
        print_json(appointment_to_json(booking.appointment(new_id)))
    else:
        print(new_id)
    return 0


def run_openings(args: argparse.Namespace) -> int:
    from frontdesk.rules.clock import now_local, parse_date
    from frontdesk.services import booking
    from frontdesk.services.schedule import clinic_profile

    try:
        first = parse_date(args.from_date) if args.from_date else None
    except ValueError as exc:
        raise CliError(f"from: {exc}") from None
    weekdays = _weekdays(args.weekdays) if args.weekdays else None
    open_db(args)
    acting_user(args)
    found = booking.openings(args.type, first or now_local(clinic_profile().tz).date(), args.days,
                             chair=args.chair or None, weekdays=weekdays, time_of_day=args.time_of_day,
                             per_day=args.per_day)
    if args.json:
        print_json([opening_to_json(o) for o in found])
    elif not found:
        print("no free times in these days")
    else:
        print("\n".join(f"{o.start:%a %Y-%m-%d %H:%M}–{o.end:%H:%M}  {o.chair_name or 'office'}" for o in found))
    return 0


def opening_to_json(o: Any) -> dict[str, Any]:
    return {
        "date": o.start.date().isoformat(),
        "start": o.start.replace(tzinfo=None).isoformat(timespec="minutes"),
        "end": o.end.replace(tzinfo=None).isoformat(timespec="minutes"),
        "chair": o.chair_name,
        "chair_id": o.chair_id,
        "type": o.type_name,
    }


_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekdays(text: str) -> list[int]:
    days = []
    for part in text.split(","):
        key = part.strip().lower()[:3]
        if key not in _DAY_NAMES:
            raise CliError(f"weekdays: {part.strip()!r} is not a weekday (use mon,tue,...)")
        days.append(_DAY_NAMES.index(key))
    return days


def run_move(args: argparse.Namespace) -> int:
    from frontdesk.services import booking

    start = _parse_start(args.start)
    open_db(args)
    actor = acting_user(args)
    with _refusals_as_errors():
        if args.following and args.type:
            raise CliError("type: a new type is for one appointment, not with --following")
        if args.following:
            ids = booking.move_following(args.appointment, args.chair or None, start, actor, override=args.override)
        else:
            booking.move(args.appointment, args.chair or None, start, actor, override=args.override,
                         type_key=args.type)
            ids = [args.appointment]
    print(" ".join(str(i) for i in ids))
    return 0


def run_change_chair(args: argparse.Namespace) -> int:
    from frontdesk.services import booking

    open_db(args)
    with _refusals_as_errors():
        print(booking.change_chair(args.appointment, args.chair, acting_user(args)).name)
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from frontdesk.services import booking

    open_db(args)
    with _refusals_as_errors():
        ids = booking.cancel(args.appointment, args.by, args.reason, acting_user(args), following=args.following)
    print(" ".join(str(i) for i in ids))
    return 0


def run_checkin(args: argparse.Namespace) -> int:
    from frontdesk.services import booking

    open_db(args)
    with _refusals_as_errors():
        print(booking.advance(args.appointment, acting_user(args), override=args.override))
    return 0


def run_no_show(args: argparse.Namespace) -> int:
    from frontdesk.services import booking

    open_db(args)
    with _refusals_as_errors():
        booking.mark_no_show(args.appointment, acting_user(args))
    print("no_show")
    return 0


def run_undo_step(args: argparse.Namespace) -> int:
    from frontdesk.services import booking

    open_db(args)
    with _refusals_as_errors():
        print(booking.undo_step(args.appointment, acting_user(args)))
    return 0


# --- series --------------------------------------------------------------------------------------------


def _register_series(subparsers: Any) -> None:
    series = subparsers.add_parser("series", help="plan and book a treatment series (preview first with --preview)")
    add_db_option(series)
    series.add_argument("--patient", required=True, metavar="ID")
    series.add_argument("--type", required=True, metavar="TYPE")
    series.add_argument("--first", required=True, metavar="YYYY-MM-DD", help="earliest day of session 1")
    series.add_argument("--time", default="09:00", metavar="HH:MM", help="preferred start (default 09:00)")
    series.add_argument("--count", type=int, metavar="N", help="sessions (default: the type's)")
    series.add_argument("--min-days", type=int, metavar="D", help="minimum days between (default: the type's)")
    series.add_argument("--per-week", type=int, metavar="K", help="at most K sessions a week")
    series.add_argument("--chair", metavar="CHAIR", help="preferred chair (default: the first free, then kept)")
    series.add_argument("--preview", action="store_true", help="show the plan; write nothing")
    series.add_argument("--json", action="store_true", help="machine-readable output")
    series.set_defaults(handler=run_series)


def run_series(args: argparse.Namespace) -> int:
    import datetime as dt

    from frontdesk.rules.clock import parse_date
    from frontdesk.services import booking

    try:
        first = parse_date(args.first)
    except ValueError as exc:
        raise CliError(f"first: {exc}") from None
    try:
        preferred = dt.time.fromisoformat(args.time)
    except ValueError:
        raise CliError(f"time: not a time: {args.time!r} (use HH:MM)") from None
    open_db(args)
    patient = _patient_id(args.patient)
    kind = booking.resolve_type(args.type)
    request = booking.SeriesRequest(
        type=kind, count=kind.series_default_count if args.count is None else args.count, first_day=first,
        preferred_time=preferred, min_days=kind.series_min_days if args.min_days is None else args.min_days,
        max_per_week=args.per_week,
        chair=booking.resolve_chair(args.chair))
    sessions = booking.plan(patient, request)
    if args.preview:
        _print_plan(sessions, args.json)
        return 0
    unplaced = [s.label for s in sessions if s.slot is None]
    if unplaced:
        raise CliError(f"no free time for session {', '.join(unplaced)}; nothing was booked")
    with _refusals_as_errors():
        series_id, ids = booking.book_series(patient, kind, [s.slot for s in sessions if s.slot], acting_user(args),
                                             min_days=request.min_days, max_per_week=request.max_per_week)
    if args.json:
        print_json({"series": series_id, "appointments": ids})
    else:
        print(f"series {series_id}: appointments {' '.join(map(str, ids))}")
    return 0


def _print_plan(sessions: Any, as_json: bool) -> None:
    rows = [{
        "session": s.label,
        "start": s.slot.start.replace(tzinfo=None).isoformat(timespec="minutes") if s.slot else None,
        "chair": s.slot.chair.name if s.slot and s.slot.chair else None,
        "conflict": s.conflict or None,
    } for s in sessions]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        when = f"{row['start'].replace('T', ' ')}  {row['chair'] or 'office'}" if row["start"] else "no free time"
        note = f"  (wanted time taken: {row['conflict']})" if row["conflict"] else ""
        print(f"{row['session']:>8}  {when}{note}")


# --- blocks --------------------------------------------------------------------------------------------


def _register_block(subparsers: Any) -> None:
    block = subparsers.add_parser("block", help="block time: the clinic closed, lunch, a chair out of service")
    add_db_option(block)
    block.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD HH:MM")
    block.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD HH:MM")
    block.add_argument("--chair", metavar="CHAIR", help="one chair (default: the whole clinic)")
    block.add_argument("--kind", choices=("closed", "lunch", "out_of_service", "prescriber_away"), default="closed",
                       help="prescriber_away: chairs stay bookable, esketamine in that time is warned about")
    block.add_argument("--reason", default="")
    block.set_defaults(handler=run_block)


def run_block(args: argparse.Namespace) -> int:
    from frontdesk.services import booking, clinic_settings

    start, end = _parse_start(args.start), _parse_start(args.end)
    open_db(args)
    chair = booking.resolve_chair(args.chair) if args.chair else None
    with _refusals_as_errors():
        block_id = clinic_settings.add_block(chair.id if chair else None, start, end, args.kind, args.reason,
                                             acting_user(args))
    print(block_id)
    in_the_way = clinic_settings.bookings_in_the_way(chair.id if chair else None, start, end, args.kind)
    if in_the_way:  # on stderr: stdout stays the new id alone, for scripts
        one = len(in_the_way) == 1
        print("note: 1 booking already in that time stays where it is (the board marks it Collides): move or "
              "cancel it:" if one else f"note: {len(in_the_way)} bookings already in that time stay where they are "
              "(the board marks them Collides): move or cancel them:", file=sys.stderr)
        for a in in_the_way:
            print(f"  {a.id}  {a.start:%a %d %b %H:%M}  {a.chair_name or 'office'}  {a.patient_name}, {a.type.name}",
                  file=sys.stderr)
    return 0
