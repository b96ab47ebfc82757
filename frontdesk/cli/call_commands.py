"""Confirmation calls (the day's bookings to confirm, a try at reaching a patient), the patients to rebook,
and the pick-ups (patients in recovery, calls to their drivers)."""

from __future__ import annotations

import argparse
from typing import Any

from frontdesk.cli.common import CliError, acting_user, add_db_option, open_db, print_json


def register(subparsers: Any) -> None:
    from frontdesk.rules.confirmations import METHODS, OUTCOMES

    calls = subparsers.add_parser("calls", help="confirmation calls: the next open day's bookings and where each "
                                                "stands; --record ID notes a try at reaching the patient")
    add_db_option(calls)
    calls.add_argument("--date", metavar="YYYY-MM-DD", help="the bookings' day (default: the clinic's next open day)")
    calls.add_argument("--record", type=int, metavar="APPOINTMENT_ID", help="record a try about this booking")
    calls.add_argument("--by", choices=list(METHODS), help="with --record: how the patient was reached")
    calls.add_argument("--outcome", choices=list(OUTCOMES), help="with --record: what came of it")
    calls.add_argument("--note", default="", metavar="TEXT", help="with --record: a short note (one line)")
    calls.add_argument("--reminder", type=int, metavar="APPOINTMENT_ID",
                       help="print that booking's reminder for a text message or an email")
    calls.add_argument("--lang", choices=("en", "es"), help="with --reminder: the language (default: the patient's)")
    calls.add_argument("--json", action="store_true", help="print JSON")
    calls.set_defaults(handler=run_calls)

    rebook = subparsers.add_parser("to-rebook", help="patients with a no-show or cancellation in the last two weeks "
                                                     "and nothing booked since: to call and book again")
    add_db_option(rebook)
    rebook.add_argument("--days", type=int, default=14, metavar="N", help="how far back to look (default 14)")
    rebook.add_argument("--json", action="store_true", help="print JSON")
    rebook.set_defaults(handler=run_to_rebook)

    from frontdesk.rules.pickup import OUTCOMES as PICKUP_OUTCOMES

    pickups = subparsers.add_parser("pickups", help="patients in recovery now, when each is ready and their driver; "
                                                    "--record ID notes a call to the driver")
    add_db_option(pickups)
    pickups.add_argument("--record", type=int, metavar="APPOINTMENT_ID", help="record a call to this patient's driver")
    pickups.add_argument("--outcome", choices=list(PICKUP_OUTCOMES), help="with --record: what came of the call")
    pickups.add_argument("--note", default="", metavar="TEXT", help="with --record: a short note (one line)")
    pickups.add_argument("--json", action="store_true", help="print JSON")
    pickups.set_defaults(handler=run_pickups)


def run_calls(args: argparse.Namespace) -> int:
    if args.reminder is not None:
        return _reminder(args)
    if args.lang:
        raise CliError("--lang goes with --reminder")
    if args.record is None and (args.by or args.outcome or args.note):
        raise CliError("--by, --outcome and --note go with --record")
    if args.record is not None and (not args.by or not args.outcome):
        raise CliError("--record needs --by (call, text or email) and --outcome")
    if args.record is not None and args.date:
        raise CliError("--date: not with --record (the booking has its own day)")
    from frontdesk.rules.clock import now_local, parse_date

    day = parse_date(args.date) if args.date else None
    open_db(args)
    from frontdesk.services import confirmations
    from frontdesk.services.schedule import clinic_profile

    actor = acting_user(args)
    if args.record is not None:
        standing = confirmations.record_attempt(actor, args.record, args.by, args.outcome, args.note)
        print(f"appointment {args.record}: {standing.words}")
        return 0
    profile = clinic_profile()
    day = day or confirmations.next_call_day(now_local(profile.tz).date(), profile)
    calls = confirmations.calls_for_day(actor, day)
    if args.json:
        print_json({"date": day.isoformat(), "calls": [call_to_json(call) for call in calls]})
        return 0
    print(f"Confirmation calls for {day:%a %d %b %Y}: {confirmations.summary_words(calls)}")
    for call in calls:
        print(_text_row(call))
    return 0


def _reminder(args: argparse.Namespace) -> int:
    if args.record is not None or args.date or args.by or args.outcome or args.note:
        raise CliError("--reminder: not with --record, --date, --by, --outcome or --note")
    open_db(args)
    from frontdesk.services import confirmations

    text = confirmations.reminder(acting_user(args), args.reminder, args.lang)
    if args.json:
        print_json({"id": text.appointment_id, "language": text.language, "text": text.text})
    else:
        print(text.text)
    return 0


def _text_row(call: Any) -> str:
    language = f" · speaks {call.language}" if call.language else ""
    missing = f"\n        ask for: {', '.join(call.missing)}" if call.missing else ""
    last = f"\n        last: {call.standing.last.words}" if call.standing.last is not None else ""
    return (f"{call.start:%H:%M} #{call.appointment_id:<5} {call.patient_name} — {call.type_name} "
            f"(arrive by {call.arrive_by:%H:%M}): {call.standing.words}\n"
            f"        {call.reach.line}{language}{last}{missing}")


def call_to_json(call: Any) -> dict[str, Any]:
    return {
        "id": call.appointment_id,
        "patient": call.patient_name,
        "patient_id": call.patient_id,
        "type": call.type_name,
        "chair": call.chair_name or None,
        "start": call.start.replace(tzinfo=None).isoformat(timespec="minutes"),
        "arrive_by": call.arrive_by.replace(tzinfo=None).isoformat(timespec="minutes"),
        "state": call.standing.state,
        "status": call.standing.words,
        "tries": call.standing.tries,
        "phone": call.reach.phone_words,
        "reach": call.reach.words,
        "language": call.language or None,
        "ways": list(call.methods),
        "missing": list(call.missing),
        "attempts": [{"at": a.at.replace(tzinfo=None).isoformat(timespec="minutes"), "user": a.user,
                      "by": a.method, "outcome": a.outcome, "note": a.note,
                      "for_start": a.for_start.replace(tzinfo=None).isoformat(timespec="minutes")}
                     for a in call.attempts],
    }


def run_to_rebook(args: argparse.Namespace) -> int:
    if not 1 <= args.days <= 365:
        raise CliError("--days: from 1 to 365")
    open_db(args)
    from frontdesk.services import rebooking

    patients = rebooking.to_rebook(acting_user(args), days=args.days)
    if args.json:
        print_json([{"id": r.appointment_id, "patient": r.patient_name, "patient_id": r.patient_id,
                     "missed": r.missed.replace(tzinfo=None).isoformat(timespec="minutes"), "type": r.type_name,
                     "type_code": r.type_code, "why": r.why, "series_session": r.series_session,
                     "misses": r.misses, "phone": r.reach.phone_words, "reach": r.reach.words} for r in patients])
        return 0
    for r in patients:
        session = f", session {r.series_session}" if r.series_session else ""
        print(f"{r.missed:%a %d %b %H:%M} #{r.appointment_id:<5} {r.patient_name} — {r.type_name}{session}: {r.why}"
              f"\n        {r.reach.line}")
    if not patients:
        print(f"Nobody to rebook: no no-show or cancellation of the last {args.days} days is waiting for a new "
              "booking.")
    return 0


def run_pickups(args: argparse.Namespace) -> int:
    if args.record is None and (args.outcome or args.note):
        raise CliError("--outcome and --note go with --record")
    if args.record is not None and not args.outcome:
        raise CliError("--record needs --outcome (told, no_answer or message)")
    open_db(args)
    from frontdesk.services import pickups

    actor = acting_user(args)
    if args.record is not None:
        print(f"appointment {args.record}: {pickups.record_call(actor, args.record, args.outcome, args.note)}")
        return 0
    found = pickups.pickups(actor)
    if args.json:
        print_json([pickup_to_json(p) for p in found])
        return 0
    if not found:
        print("nobody is in recovery now")
    for p in found:
        call = p.last_call or ("call now" if p.owed else f"call from {p.call_from:%H:%M}")
        call += " · the time moved: call again now" if p.state == "moved" else ""
        print(f"{p.ready_at:%H:%M}  {p.patient_name:<28} {p.chair_name:<8} {p.driver}  [{call}]")
    return 0


def pickup_to_json(p: Any) -> dict[str, Any]:
    return {
        "id": p.appointment_id,
        "patient": p.patient_name,
        "patient_id": p.patient_id,
        "chair": p.chair_name,
        "ready_at": p.ready_at.replace(tzinfo=None).isoformat(timespec="minutes"),
        "call_from": p.call_from.replace(tzinfo=None).isoformat(timespec="minutes"),
        "driver": p.driver,
        "state": p.state,
        "calls": [{"at": c.at.replace(tzinfo=None).isoformat(timespec="minutes"), "user": c.user,
                   "outcome": c.outcome, "note": c.note,
                   "ready_told": c.ready_told.replace(tzinfo=None).isoformat(timespec="minutes") if c.ready_told
                   else None} for c in p.calls],
    }
