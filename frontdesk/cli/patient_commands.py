"""`frontdesk find`, `frontdesk import-patients`, `frontdesk export-patients`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from frontdesk.cli.common import CliError, acting_user, add_db_option, open_db, print_json


def register(subparsers: Any) -> None:
    find = subparsers.add_parser("find", help="search patients by name, phone, date of birth or chart number")
    find.add_argument("text", metavar="TEXT", help='what to look for: "jose", "5550123", 3/7/1985, a chart number')
    add_db_option(find)
    find.add_argument("--json", action="store_true", help="machine-readable output")
    find.add_argument("--archived", action="store_true", help="include archived patients")
    find.add_argument("--limit", type=int, default=20, metavar="N", help="at most N patients (20)")
    find.set_defaults(handler=run_find)

    imp = subparsers.add_parser("import-patients", help="add patients from a CSV file")
    imp.add_argument("file", metavar="FILE.csv")
    add_db_option(imp)
    imp.add_argument("--dry-run", action="store_true", help="check the file and report, writing nothing")
    imp.add_argument("--skip-bad-rows", action="store_true",
                     help="import the good rows even when some are refused (by default a file with a refused "
                          "row writes nothing)")
    imp.set_defaults(handler=run_import)

    exp = subparsers.add_parser("export-patients", help="write every patient to a CSV file")
    exp.add_argument("file", metavar="FILE.csv")
    add_db_option(exp)
    exp.set_defaults(handler=run_export)


def run_find(args: argparse.Namespace) -> int:
    from frontdesk.services.patients import search

    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    open_db(args)
    found = search(args.text, limit=args.limit, include_archived=args.archived, actor=acting_user(args))
    if args.json:
        print_json([p.to_json() for p in found])
    elif not found:
        print("no patients match")
    else:
        for p in found:
            print(_find_line(p))
    return 0


def _find_line(p: Any) -> str:
    dob = p.date_of_birth.isoformat() if p.date_of_birth else "—"
    upcoming = f"next {p.next_appointment:%Y-%m-%d %H:%M}" if p.next_appointment else "no appointment booked"
    archived = "  (archived)" if p.archived else ""
    return f"{p.id:>6}  {p.chart_number:<10} {p.name:<28} {dob:<10}  {p.phone or '—':<16}  {upcoming}{archived}"


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from frontdesk.services.patients import import_csv

    if not Path(args.file).is_file():
        raise CliError(f"no such file: {args.file}")
    open_db(args)
    report = import_csv(acting_user(args), args.file, dry_run=args.dry_run, skip_bad_rows=args.skip_bad_rows)
    for problem in report.problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    for imported_anyway in report.to_check:
        print(f"{args.file}: check {imported_anyway}")
    if report.ignored_columns:
        print("columns not imported: " + ", ".join(report.ignored_columns))
    print(report.summary())
    if report.held_back:
        print(f"fix the refused rows and import again, or add --skip-bad-rows to import the "
              f"{report.held_back} good ones")
    return 1 if report.problems else 0


def run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from frontdesk.services.patients import export_csv

    target = Path(args.file)
    if target.is_dir():
        raise CliError(f"{target} is a folder: give the file to write, e.g. {target / 'patients.csv'}")
    if not target.parent.is_dir():
        raise CliError(f"folder does not exist: {target.parent}")
    open_db(args)
    count = export_csv(acting_user(args), target)
    print(f"exported {count} patients to {target}")
    return 0
