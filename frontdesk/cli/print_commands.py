"""handout, handouts, day-sheet: the printed documents as PDF files."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from frontdesk.cli.common import CliError, acting_user, add_db_option, open_db
from frontdesk.values import Actor


def register(subparsers: Any) -> None:
    handout = subparsers.add_parser("handout", help="one appointment's pre-visit information sheet as a PDF")
    handout.add_argument("appointment_id", metavar="APPOINTMENT_ID",
                         help="the appointment's id (the `id` of `frontdesk schedule --date YYYY-MM-DD --json`)")
    add_db_option(handout)
    handout.add_argument("--lang", choices=("en", "es"), help="language (default: the patient's preferred one)")
    handout.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="where to write the PDF")
    handout.set_defaults(handler=run_handout)

    handouts = subparsers.add_parser("handouts", help="all of a day's pre-visit sheets in one PDF")
    add_db_option(handouts)
    handouts.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="the day")
    handouts.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="where to write the PDF")
    handouts.set_defaults(handler=run_handouts)

    day_sheet = subparsers.add_parser("day-sheet", help="the nurses' day sheet (landscape) as a PDF")
    add_db_option(day_sheet)
    day_sheet.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="the day")
    day_sheet.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="where to write the PDF")
    day_sheet.set_defaults(handler=run_day_sheet)


def run_handout(args: argparse.Namespace) -> int:
    from frontdesk.services import printing

    appointment_id = _appointment_id(args.appointment_id)
    return _build_and_save(args, lambda actor: printing.handout_job(appointment_id, args.lang, actor=actor))


def run_handouts(args: argparse.Namespace) -> int:
    from frontdesk.rules.clock import parse_date
    from frontdesk.services import printing

    day = _date(args.date, parse_date)
    return _build_and_save(args, lambda actor: printing.day_handouts_job(day, actor=actor))


def run_day_sheet(args: argparse.Namespace) -> int:
    from frontdesk.rules.clock import parse_date
    from frontdesk.services import printing

    day = _date(args.date, parse_date)
    return _build_and_save(args, lambda actor: printing.day_sheet_job(day, actor=actor))


def _build_and_save(args: argparse.Namespace, build: Callable[[Actor], Any]) -> int:
    """Check -o before touching the database, sign in, build the PDF, write it (and record the export)."""
    from frontdesk.services import printing

    printing.check_writable(args.output)
    open_db(args)
    actor = acting_user(args)
    print(printing.save_pdf(build(actor), args.output, actor))
    return 0


def _appointment_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CliError(f"APPOINTMENT_ID must be a whole number, not {text!r}") from None
    if value < 1:
        raise CliError(f"APPOINTMENT_ID must be positive, not {value}")
    return value


def _date(text: str, parse: Any) -> Any:
    try:
        return parse(text)
    except ValueError as exc:
        raise CliError(f"--date: {exc}") from None
