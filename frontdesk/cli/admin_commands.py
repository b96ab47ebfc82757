"""`frontdesk users|audit|check|backup|restore|encrypt`: setting up a clinic and keeping its data safe."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from frontdesk.cli.common import CliError, acting_user, add_db_option, open_db, print_json


def register(subparsers: Any) -> None:
    _register_users(subparsers)
    _register_audit(subparsers)
    check = subparsers.add_parser("check", help="check the database: integrity, foreign keys, audit chain")
    add_db_option(check)
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(handler=run_check)
    backup = subparsers.add_parser("backup", help="write a verified backup of the SQLite database")
    add_db_option(backup)
    backup.add_argument("--to", metavar="DIR", help="backup folder (default: the clinic's, else backups/ "
                                                    "beside the database); rotated 7 daily, 4 weekly, 12 monthly")
    backup.add_argument("--remember", action="store_true",
                        help="make --to the clinic's backup folder (also for the automatic backups)")
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser("restore", help="verify a backup, then put it in place of the database")
    restore.add_argument("backup", metavar="BACKUP", help="a backup file written by `frontdesk backup`")
    add_db_option(restore)
    restore.add_argument("--yes", action="store_true", help="overwrite without asking")
    restore.set_defaults(handler=run_restore)
    encrypt = subparsers.add_parser("encrypt", help="encrypt the SQLite database and its backups at rest "
                                                    "(close Front desk everywhere first)")
    add_db_option(encrypt)
    encrypt.add_argument("--yes", action="store_true", help="encrypt without asking")
    encrypt.set_defaults(handler=run_encrypt)


def _register_users(subparsers: Any) -> None:
    users = subparsers.add_parser("users", help="staff accounts: add, list, set-role, disable, enable, password")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add an account (the first one must be an admin and needs no sign-in)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("desk", "clinical", "admin"))
    add.add_argument("--name", default="", help="full name")
    add.add_argument("--password-stdin", action="store_true", help="read the new password from stdin")
    add.set_defaults(handler=run_users_add)
    listing = actions.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=run_users_list)
    set_role = actions.add_parser("set-role", help="change an account's role")
    set_role.add_argument("username")
    set_role.add_argument("role", choices=("desk", "clinical", "admin"))
    set_role.set_defaults(handler=run_users_set_role)
    for name, text in (("disable", "disable an account (it stays in the trail)"), ("enable", "enable it again")):
        parser = actions.add_parser(name, help=text)
        parser.add_argument("username")
        parser.set_defaults(handler=run_users_active, active=name == "enable")
    password = actions.add_parser("password", help="set a new password (also lifts a lockout)")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", help="read the new password from stdin")
    password.set_defaults(handler=run_users_password)
    add_db_option(users)
    for parser in actions.choices.values():  # --db also after the action; SUPPRESS keeps one given before
        parser.add_argument("--db", metavar="DB", default=argparse.SUPPRESS,
                            help="SQLite file path or postgresql:// URL (default: $FRONTDESK_DB, else the user's "
                                 "data folder)")


def _register_audit(subparsers: Any) -> None:
    audit = subparsers.add_parser("audit", help="print the audit trail (admins)")
    add_db_option(audit)
    audit.add_argument("--json", action="store_true", help="machine-readable output")
    audit.add_argument("--user", help="only this user's entries")
    audit.add_argument("--patient", type=int, metavar="ID", help="only entries about this patient id")
    audit.add_argument("--since", metavar="YYYY-MM-DD", help="from this local day on")
    audit.add_argument("--until", metavar="YYYY-MM-DD", help="up to and including this local day")
    audit.add_argument("--action", help="only actions starting with this, e.g. signin or patient.view")
    audit.add_argument("--limit", type=int, metavar="N", help="only the newest N entries")
    audit.set_defaults(handler=run_audit)


# --- users --------------------------------------------------------------------------------------


def run_users_add(args: argparse.Namespace) -> int:
    from frontdesk.services import accounts

    new_file = _missing_sqlite_file(args.db)
    if new_file is not None and args.role != "admin":  # a mistyped path: say so, and make nothing
        raise CliError(f"no database at {new_file} (check the path; a new clinic's first account must be an "
                       "admin: use --role admin)")
    password = None
    if new_file is not None:  # the account checked before the file is made: a refusal leaves nothing behind
        password = _new_password(args)
        accounts.check_new_account(args.username, password, args.role)
    open_db(args, create=True)
    if new_file is not None:
        print(f"new clinic database created: {new_file}")
    if not accounts.has_users():
        if args.role != "admin":
            raise CliError("the first account must be an admin: use --role admin")
        accounts.create_first_admin(args.username, password or _new_password(args), args.name)
    else:
        actor = acting_user(args)
        from frontdesk.services.permissions import require

        require(actor, "users.manage")
        accounts.create_user(actor, args.username, _new_password(args), args.role, args.name)
    print(f"added {args.username} ({args.role})")
    return 0


def run_users_list(args: argparse.Namespace) -> int:
    from frontdesk.services import accounts

    open_db(args)
    users = accounts.list_users(acting_user(args))
    if args.json:
        print_json([{"username": u.username, "name": u.full_name, "role": u.role, "active": u.active,
                     "locked": u.is_locked()} for u in users])
        return 0
    for u in users:
        state = "" if u.active else "  (disabled)"
        state += "  (locked out: too many wrong passwords)" if u.active and u.is_locked() else ""
        print(f"{u.username:<20} {u.role:<9} {u.full_name}{state}")
    return 0


def run_users_set_role(args: argparse.Namespace) -> int:
    from frontdesk.services import accounts

    open_db(args)
    accounts.set_role(acting_user(args), args.username, args.role)
    print(f"{args.username} is now {args.role}")
    return 0


def run_users_active(args: argparse.Namespace) -> int:
    from frontdesk.services import accounts

    open_db(args)
    accounts.set_active(acting_user(args), args.username, args.active)
    print(f"{args.username} {'enabled' if args.active else 'disabled'}")
    return 0


def run_users_password(args: argparse.Namespace) -> int:
    from frontdesk.services import accounts

    open_db(args)
    actor = acting_user(args)
    if actor.username != args.username:
        from frontdesk.services.permissions import require

        require(actor, "users.manage")
    accounts.reset_password(actor, args.username, _new_password(args))
    print(f"new password set for {args.username}")
    return 0


def _missing_sqlite_file(db_arg: str | None) -> Path | None:
    """The SQLite file --db names when it is not there yet (a new clinic, or a mistyped path); else None."""
    from frontdesk.database_target import is_postgres_url, resolve_db_target

    target = resolve_db_target(db_arg)
    if "://" in target or is_postgres_url(target):
        return None
    path = Path(target).expanduser()
    return None if path.exists() else path


def _new_password(args: argparse.Namespace) -> str:
    """From stdin with --password-stdin, else asked twice on the terminal."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass("New password: ")
        if getpass.getpass("Again: ") != password:
            raise CliError("the two passwords differ; nothing was changed")
    else:
        raise CliError("no terminal to ask the password: give it on stdin with --password-stdin")
    if not password:
        raise CliError("password: empty")
    return password


# --- audit and check ----------------------------------------------------------------------------


def run_audit(args: argparse.Namespace) -> int:
    from frontdesk.data.clinic_repo import load_profile
    from frontdesk.rules.clock import day_bounds_utc, parse_date, utc_to_local
    from frontdesk.services.audit import AuditFilter, entries

    if args.limit is not None and args.limit < 1:
        raise CliError("--limit must be at least 1")
    open_db(args)
    actor = acting_user(args)
    tz = load_profile().tz
    since = day_bounds_utc(parse_date(args.since), tz)[0] if args.since else None
    until = day_bounds_utc(parse_date(args.until), tz)[1] if args.until else None
    rows = entries(actor, AuditFilter(user=args.user, patient_id=args.patient, since_utc=since, until_utc=until,
                                      action=args.action, limit=args.limit))
    records = [{"id": r.id, "at": utc_to_local(r.at_utc, tz).replace(tzinfo=None).isoformat(timespec="seconds"),
                "user": r.user, "action": r.action, "entity": r.entity, "entity_id": r.entity_id,
                "patient_id": r.patient_id, "detail": r.detail} for r in rows]
    if args.json:
        print_json(records)
    else:
        for r in records:
            what = f"{r['entity']} {r['entity_id']}".strip()
            patient = f"  patient {r['patient_id']}" if r["patient_id"] is not None else ""
            detail = f"  ({r['detail']})" if r["detail"] else ""
            print(f"{str(r['at']).replace('T', ' ')}  {r['user']:<12} {r['action']:<22} {what}{patient}{detail}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from frontdesk.services import encryption
    from frontdesk.services.backup import check_database

    open_db(args)
    acting_user(args)
    report = check_database()
    encrypted = encryption.is_encrypted()
    held = report.backups
    if args.json:
        print_json({"ok": report.ok, "problems": report.problems, "audit_entries": report.audit_entries,
                    "encrypted": encrypted,
                    "backups_agreeing": [p.name for p in held.agreeing] if held else [],
                    "backups_set_aside": [p.name for p in held.superseded] if held else [],
                    "backups_unreadable": held.unreadable if held else [],
                    "backups_of_another_database": [p.name for p in held.others] if held else [],
                    "backups_of_a_copy": [p.name for p in held.copies] if held else []})
        return 0 if report.ok else 1
    if report.ok:
        print(f"ok: integrity, foreign keys and audit chain ({report.audit_entries} entries)")
    else:
        for problem in report.problems:
            print(f"problem: {problem}")
    if held is not None:
        for line in _backup_agreement_lines(held):
            print(line)
    if report.on_server:  # PostgreSQL: its backups and its disks are the server's
        print("encryption at rest and backups: the database server's business")
    else:
        print(f"encrypted at rest, key file {encryption.key_path()}" if encrypted else "not encrypted at rest")
    return 0 if report.ok else 1


def _backup_agreement_lines(held: Any) -> list[str]:
    """What the check found holding the trail against the backups (its problems are printed above)."""
    from dataclasses import replace

    from frontdesk.services.backup import agreement_words

    lines = []
    if held.agreeing and not held.problems:
        lines.append(f"the audit trail {agreement_words(replace(held, superseded=[], others=[], copies=[]))}")
    elif not held.problems:
        lines.append("no backup yet to compare the audit trail with")
    if held.superseded:
        count = len(held.superseded)
        when = f" ({'; '.join(held.restores)})" if held.restores else ""
        lines.append(f"set aside: {count} backup{'s' if count != 1 else ''} made on a trail a restore put back{when}; "
                     "they match the trail up to where it was put back")
    lines.extend(f"not compared: {why}" for why in held.unreadable)
    if held.others:  # a folder shared with another database
        count = len(held.others)
        lines.append(f"not compared: {count} backup{'s' if count != 1 else ''} of another database in the folder "
                     f"(the newest {held.others[0].name})")
    if held.copies:  # a copy of this database backs up here too, or this database's id was changed
        count = len(held.copies)
        lines.append(f"not compared: {count} backup{'s' if count != 1 else ''} of a copy of this database, or its id "
                     f"was changed (the newest {held.copies[0].name})")
    return lines


# --- backup and restore ---------------------------------------------------------------------------


def run_backup(args: argparse.Namespace) -> int:
    from frontdesk.services.backup import backup_now, choose_folder

    if args.remember and not args.to:
        raise CliError("--remember needs --to DIR")
    open_db(args)
    actor = acting_user(args)
    folder = Path(args.to).expanduser().absolute() if args.to else None
    result = backup_now(actor, folder)
    if args.remember and folder is not None:
        choose_folder(actor, folder)
        print(f"backup folder for this clinic: {folder}")
    print(f"backup written: {result.path}")
    for path in result.removed:
        print(f"rotated out: {path.name}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from frontdesk.data.database import open_database
    from frontdesk.database_target import is_postgres_url, resolve_db_target
    from frontdesk.services import backup
    from frontdesk.values import SYSTEM_ACTOR

    target = resolve_db_target(args.db)
    if is_postgres_url(target):
        raise CliError("restore puts back SQLite backups; restore a PostgreSQL server with pg_restore")
    source = Path(args.backup).expanduser()
    check = backup.verify_backup(source)
    if not check.ok:
        raise CliError(f"{source.name} failed verification, nothing was changed: {check.problems[0]}")
    actor = _restoring_actor(args, Path(target))  # signed in, then this command's connection closed
    backup.refuse_if_open_elsewhere(actor, Path(target))  # the app open on it would undo the restore
    if not args.yes:
        _confirm("restore overwrites the database",
                 f"Replace the database {target} with the backup {source.name} ({check.audit_entries} audit "
                 "entries)? [y/N] ")
    saved = backup.restore(actor, source, Path(target))
    open_database(target)
    backup.record_restore(actor or SYSTEM_ACTOR, source)
    print(f"restored {target} from {source.name}")
    if saved:
        print(f"the database as it was before is kept as {saved}")
    return 0


def _restoring_actor(args: argparse.Namespace, target: Path) -> Any:
    """An admin signed in to the database about to be replaced (no one while it has no accounts)."""
    if not target.exists():
        return None
    from frontdesk.data.database import database_proxy
    from frontdesk.services import accounts

    open_db(args)
    actor = acting_user(args) if accounts.has_users() else None
    database_proxy.obj.close()
    return actor


def run_encrypt(args: argparse.Namespace) -> int:
    from frontdesk.services import encryption

    open_db(args)
    actor = acting_user(args)
    path = encryption.encryptable_file(actor)
    if not args.yes:
        _confirm("encrypt rewrites the database",
                 f"Encrypt {path} and its backups with a key kept in "
                 f"{encryption.key_path()}? Without that file neither can be read again. [y/N] ")
    result = encryption.encrypt(actor)
    print(f"encrypted: {result.database}")
    made = "made for it" if result.key_made else "this workstation's, which already existed"
    print(f"key file ({made}): {result.key_file}")
    print("keep a copy of the key file somewhere safe and apart from the backups (a USB stick in a locked "
          "drawer): without it neither the database nor its backups can be read")
    for copy in result.copies:
        print(f"encrypted as well: {copy}")
    for problem in result.copy_problems:
        print(f"not encrypted, delete it once a new backup is made: {problem}")
    return 1 if result.copy_problems else 0


def _confirm(what: str, question: str) -> None:
    if not sys.stdin.isatty():
        raise CliError(f"{what}: run it in a terminal to be asked, or add --yes")
    answer = input(question).strip().lower()
    if answer not in ("y", "yes"):
        raise CliError(f"{what.split()[0]} cancelled; nothing was changed")
