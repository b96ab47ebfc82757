"""`frontdesk gui` and `frontdesk demo`."""

from __future__ import annotations

import argparse
from typing import Any

from frontdesk.cli.common import CliError, add_db_option


def register(subparsers: Any) -> None:
    gui = subparsers.add_parser("gui", help="open the app (the default)")
    add_db_option(gui)
    gui.set_defaults(handler=run_gui)

    demo = subparsers.add_parser("demo", help="build a fictitious demo clinic around today")
    add_db_option(demo)
    demo.add_argument("--patients", type=int, default=200, metavar="N", help="number of patients (200)")
    demo.add_argument("--days", type=int, default=21, metavar="D",
                      help="appointments from D days before to D days after today (21)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="the same seed gives the same clinic")
    demo.set_defaults(handler=run_demo)


def run_gui(args: argparse.Namespace) -> int:
    from frontdesk.app import run

    return run(args.db)


def run_demo(args: argparse.Namespace) -> int:
    from frontdesk.cli.common import open_db
    from frontdesk.services.demo import build_demo
    from frontdesk.services.setup import database_is_empty

    if args.patients < 1:
        raise CliError("--patients must be at least 1")
    if args.days < 0:
        raise CliError("--days must not be negative")
    open_db(args, create=True)
    if not database_is_empty():
        raise CliError("the database already holds patients; give a new file or an empty database")
    report = build_demo(patients=args.patients, days=args.days, seed=args.seed)
    print(f"demo clinic ready: {report.patients} patients, {report.appointments} appointments, "
          f"{report.series} series")
    return 0
