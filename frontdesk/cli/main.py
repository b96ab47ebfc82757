"""Entry point of the `frontdesk` command."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from frontdesk import APP_NAME, __version__
from frontdesk.cli.common import CliError

# Each module has `register(subparsers)`; its handlers import heavy modules only when they run.
COMMAND_MODULES = (
    "frontdesk.cli.app_commands",       # gui, demo
    "frontdesk.cli.schedule_commands",  # schedule, book, openings, ...
    "frontdesk.cli.call_commands",      # calls (confirmation calls)
    "frontdesk.cli.patient_commands",   # find, import-patients, export-patients
    "frontdesk.cli.intake_commands",    # intake-related commands
    "frontdesk.cli.print_commands",     # handout, handouts, day-sheet
    "frontdesk.cli.admin_commands",     # users, audit, backup, restore, check
)


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontdesk",
        description=f"{APP_NAME}: chair schedule, patient contacts, intake and pre-visit sheets "
                    "for a small infusion clinic. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (arguments[0].startswith("-") and arguments[0] not in ("-h", "--help", "--version")):
        arguments.insert(0, "gui")  # `frontdesk` and `frontdesk --db X` open the app
    # Opening the app needs only its own command: the other modules' parsers stay off start-up.
    opens_app = arguments[0] == "gui" and not {"-h", "--help"} & set(arguments)
    args = build_parser(COMMAND_MODULES[:1] if opens_app else COMMAND_MODULES).parse_args(arguments)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `frontdesk schedule | head`: the reader has all it wanted
        _quiet_stdout()
        return 0
    except (CliError, ValueError) as exc:
        print(f"frontdesk {args.command}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a database or OS failure: one line, no patient data, no traceback
        from frontdesk.cli.errors import describe_failure

        print(f"frontdesk {args.command}: {describe_failure(exc)}", file=sys.stderr)
        return 1


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail on the closed pipe."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
