"""Backups that restore: online copies of the SQLite database, rotated, verified, and put back.

A backup is `frontdesk-YYYYMMDD-HHMMSS-<id>.sqlite3` (local time; `<id>`: the first 8 characters of
the database's own id) in the clinic's backup folder (default: `backups/` beside the database).
Rotation keeps the newest backup of each of the last 7 days, of each of the last 4 weeks and of each
of the last 12 months. Every backup is checked right after it is written (integrity, audit chain) and
again before it is restored. A folder two databases share (the clinic's file and a training copy
beside it) holds both sets: each database lists, rotates and compares only its own (and those named
before ids, `frontdesk-YYYYMMDD-HHMMSS.sqlite3`, unless their contents say otherwise).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from frontdesk.data import audit_repo, backup_repo, clinic_repo, sqlite_files
from frontdesk.data.audit_repo import write_transaction
from frontdesk.data.backup_repo import BackupFileError
from frontdesk.data.database import database_proxy
from frontdesk.data.migrations import MIGRATIONS
from frontdesk.private_files import make_private_folder
from frontdesk.rules.clock import utc_to_local
from frontdesk.services import audit, permissions
from frontdesk.values import Actor

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
_NAME = re.compile(r"^frontdesk-(\d{8}-\d{6})(?:-([0-9a-f]{8}))?(?:-\d+)?\.sqlite3$")
ID_IN_NAME = 8  # characters of the database's id in its backups' names: enough to tell a folder's few apart

__all__ = ["BackupError", "BackupFileError", "backup_now", "restore", "verify_backup"]


class BackupError(ValueError):
    """A backup or restore that could not be done; the message says why in one line."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    removed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class BackupCheck:
    """What verifying a backup found: `problems` is empty when it can be restored."""

    path: Path
    problems: list[str]
    audit_entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class HealthReport:
    """`frontdesk check`: integrity and foreign keys of the database, and the audit chain, also held
    against the clinic's backups."""

    problems: list[str]
    audit_entries: int
    backups: BackupAgreement | None = None  # None: not a SQLite database, or its chain is broken already
    on_server: bool = False  # PostgreSQL: backups and encryption at rest are the server's

    @property
    def ok(self) -> bool:
        return not self.problems


# --- making backups -------------------------------------------------------------------------


def backup_now(actor: Actor, folder: Path | None = None, *, now: dt.datetime | None = None) -> BackupResult:
    """A backup made on request (admins only), then rotation of the folder."""
    permissions.require(actor, "backup.run")
    return _make_backup(actor, folder, "manual", now)


def automatic_backup(actor: Actor, reason: str, *, folder: Path | None = None,
                     now: dt.datetime | None = None) -> BackupResult | None:
    """The daily backup (skipped when today's exists) or the one on exit; whoever is signed in.

    Returns None when nothing was needed (already done today, or not a SQLite database).
    """
    if backup_repo.sqlite_path(database_proxy.obj) is None:
        return None
    now = now or dt.datetime.now()
    target = folder or default_folder()
    if reason == "daily" and any(stamp.date() == now.date() for stamp in _stamps(target).values()):
        return None
    return _make_backup(actor, target, reason, now)


def release_thread_connection() -> None:
    """Close the calling thread's own database connection: a worker thread that made a backup calls this
    when done (the app's other threads keep theirs)."""
    database_proxy.obj.close()


def default_folder() -> Path:
    """The clinic's chosen backup folder, else `backups/` beside the database file."""
    chosen = backup_repo.load_folder()
    if chosen:
        return Path(chosen).expanduser()
    source = backup_repo.sqlite_path(database_proxy.obj)
    return (source.parent if source else Path.cwd()) / "backups"


def choose_folder(actor: Actor, folder: Path) -> None:
    permissions.require(actor, "settings.change")
    with write_transaction():
        backup_repo.save_folder(str(folder))
        audit.record(actor, "settings.backup_folder", entity="setting", entity_id="backup")


def _make_backup(actor: Actor, folder: Path | None, reason: str, now: dt.datetime | None) -> BackupResult:
    source = backup_repo.sqlite_path(database_proxy.obj)
    if source is None:
        raise BackupError("this copies SQLite databases; back up a PostgreSQL server with pg_dump")
    folder = folder or default_folder()
    now = now or dt.datetime.now()
    _prepare_folder(folder)
    final = _free_name(folder, now)
    partial = folder / f".{final.name}.partial"
    try:
        backup_repo.copy_online(source, partial)
        checked = backup_repo.check_file(partial)
        if checked.problems:
            raise BackupError(f"the copy failed its check ({checked.problems[0]}); the database needs "
                              "`frontdesk check`")
        os.replace(partial, final)
    except sqlite_files.driver_errors(OSError) as exc:
        raise BackupError(f"the backup was not written: {_describe(exc, folder)}") from None
    finally:
        partial.unlink(missing_ok=True)
    # A trail whose chain is broken rotates nothing: an older backup may hold the only copy of an entry
    # changed since (the backup is written all the same; `frontdesk check` says where the chain breaks).
    removed = rotate(folder) if checked.audit is None or checked.audit.ok else []
    with write_transaction():
        audit.record(actor, "backup.create", entity="backup", entity_id=final.name, detail=reason)
    return BackupResult(final, removed)


def _prepare_folder(folder: Path) -> None:
    try:
        make_private_folder(folder)
    except OSError as exc:
        raise BackupError(f"cannot use the backup folder {folder}: {_describe(exc, folder)}") from None
    if not os.access(folder, os.W_OK):
        raise BackupError(f"cannot write to the backup folder {folder}: it is read-only")


def _free_name(folder: Path, now: dt.datetime) -> Path:
    own = _own_id()
    stem = f"frontdesk-{now:%Y%m%d-%H%M%S}" + (f"-{own}" if own else "")
    path, n = folder / f"{stem}.sqlite3", 1
    while path.exists():
        path, n = folder / f"{stem}-{n}.sqlite3", n + 1
    return path


def _describe(exc: BaseException, folder: Path) -> str:
    text = str(exc).lower()
    if "full" in text or getattr(exc, "errno", None) == 28:
        return "the disk is full"
    if "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in (13, 30):
        return f"the folder {folder} is read-only"
    if "locked" in text:
        return "the database is busy (locked by another program); try again"
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


# --- rotation ---------------------------------------------------------------------------------


def rotate(folder: Path) -> list[Path]:
    """Delete the backups rotation no longer keeps; returns them. Only this database's own backups
    (its id in their names) whose trail the app's still holds are rotated: a backup of another
    database, or of a copy of this one, one made before ids, one a restore set aside, one the trail no
    longer agrees with (the evidence of a rewrite) and any other file are never touched."""
    own = _own_id()
    named = {path: stamp for path, stamp in _stamps(folder).items() if own and _id_in_name(path) == own}
    verdicts = _verdicts(list(named))
    stamps = {path: stamp for path, stamp in named.items() if verdicts[path].kind == AGREES}
    keep = backups_to_keep(stamps.values())
    removed = [path for path, stamp in stamps.items() if stamp not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return sorted(removed)


def backups_to_keep(stamps: Iterable[dt.datetime]) -> set[dt.datetime]:
    """Every backup of the newest backup's day (today's, when one is being made: a "before the import"
    backup outlives the one the app makes on closing), then the newest of each of the last 7 days, 4 ISO
    weeks and 12 months that have one."""
    ordered = sorted(set(stamps), reverse=True)
    keep: set[dt.datetime] = {stamp for stamp in ordered if stamp.date() == ordered[0].date()} if ordered else set()
    periods: list[tuple[Callable[[dt.datetime], Hashable], int]] = [
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    ]
    for period, count in periods:
        seen: set[Hashable] = set()
        for stamp in ordered:
            key = period(stamp)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.add(key)
            keep.add(stamp)
    return keep


def list_backups(folder: Path | None = None) -> list[Path]:
    """The folder's backups, newest first."""
    stamps = _stamps(folder or default_folder())
    return sorted(stamps, key=lambda p: (stamps[p], p.name), reverse=True)


def _stamps(folder: Path) -> dict[Path, dt.datetime]:
    """This database's backups in `folder` and when each was made: those its id names, and those named
    before ids (another database's are never listed, rotated or compared)."""
    if not folder.is_dir():
        return {}
    own = _own_id()
    found = {}
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and match.group(2) in (None, own):
            found[path] = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    return found


def own_backups(folder: Path | None = None) -> list[Path]:
    """This database's backups in the folder by what is inside them (newest first): not another
    database's, a copy's or an unreadable one (encryption re-encrypts these with this database's key)."""
    verdicts = _verdicts(_all_backups(folder or default_folder()))
    return [path for path, verdict in verdicts.items() if verdict.kind in (AGREES, SET_ASIDE, DIFFERS)]


def _all_backups(folder: Path) -> list[Path]:
    """Every backup in `folder` by its name, whoever's (newest first)."""
    if not folder.is_dir():
        return []
    return sorted((path for path in folder.iterdir() if _NAME.match(path.name)), key=lambda path: path.name,
                  reverse=True)


def _id_in_name(path: Path) -> str | None:
    match = _NAME.match(path.name)
    return match.group(2) if match else None


def _own_id() -> str | None:
    whole = backup_repo.database_id()
    return whole[:ID_IN_NAME] if whole else None


# --- verifying and restoring ------------------------------------------------------------------


def verify_backup(path: Path) -> BackupCheck:
    """Integrity, foreign keys, a schema this version knows, and an unbroken audit chain."""
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    result = backup_repo.check_file(path)
    problems = list(result.problems)
    unknown = result.schema_numbers - {number for number, _, _ in MIGRATIONS}
    if unknown:
        problems.append("made by a newer version of Front desk (schema steps "
                        f"{', '.join(str(n) for n in sorted(unknown))}); update the app first")
    if result.audit is not None and not result.audit.ok:
        problems.append(f"audit chain broken: {result.audit.problem}")
    return BackupCheck(path, problems, result.audit.count if result.audit else 0)


def restore(actor: Actor | None, backup: Path, target: Path) -> Path | None:
    """Put a verified backup in place of the SQLite database at `target`.

    `actor` None means the target has no accounts yet (or does not exist). The current database is
    first saved beside itself as `<name>.before-restore-<time>.sqlite3`, returned (None if there was
    none). The restore is recorded in the restored database's audit trail.
    """
    if actor is not None:
        permissions.require(actor, "backup.run")
    check = verify_backup(backup)
    if not check.ok:
        raise BackupError(f"the backup failed verification: {check.problems[0]}")
    backup_repo.check_restorable(backup, target)
    # The file keeps its own id, so its backups stay its own: the clinic's file putting back its own (or a
    # pre-id) backup, or a training file refreshed from the clinic's. A new file (a scratch copy to look
    # at, or the clinic's after a lost disk) is a database of its own: with the backup's id, its backups
    # in the clinic's folder would rotate the clinic's away. The backups it came from stay, read as a
    # copy's (same history: still compared), never rotated by it.
    own = backup_repo.database_id_of(target) or backup_repo.fresh_database_id()
    saved = _save_current(target)
    try:
        backup_repo.restore_into(backup, target, keep_id=own)
    except sqlite_files.driver_errors(OSError) as exc:
        raise BackupError(f"the restore did not happen: {_describe(exc, target.parent)}") from None
    return saved


def refuse_if_open_elsewhere(actor: Actor | None, target: Path) -> None:
    """Before a restore: NotPermittedError for anyone but an admin (`actor` None: the target has no
    accounts yet), BackupError when the database at `target` is open elsewhere (the app, another
    command): close it everywhere first. Call with this process's own connection to it closed."""
    if actor is not None:
        permissions.require(actor, "backup.run")
    try:
        backup_repo.refuse_if_open_elsewhere(target)
    except sqlite_files.driver_errors(OSError) as exc:
        raise BackupError(f"the restore did not happen: {_describe(exc, target.parent)}") from None


def record_restore(actor: Actor, backup: Path) -> None:
    """Called once the restored database is open again (and migrated)."""
    with write_transaction():
        audit.record(actor, "backup.restore", entity="backup", entity_id=backup.name)


def _save_current(target: Path) -> Path | None:
    if not target.exists() or target.stat().st_size == 0:
        return None
    saved = target.with_name(f"{target.stem}.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite3")
    try:
        backup_repo.copy_online(target, saved)
    except sqlite_files.driver_errors(OSError) as exc:
        saved.unlink(missing_ok=True)
        raise BackupError(f"could not save the current database first: {_describe(exc, target.parent)}") from None
    return saved


# --- health -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """What an admin checks of the clinic's data at a glance (Account ▸ Data safety)."""

    database: str  # "SQLite /path/clinic.sqlite3 (encrypted)" or "PostgreSQL host/db", never a password
    sqlite: bool
    encrypted: bool
    key_file: Path | None  # where the key is (encrypted SQLite only)
    folder: Path | None  # the backup folder (SQLite only)
    backups: list[Path]  # newest first


def overview(actor: Actor) -> Overview:
    permissions.require(actor, "backup.run")
    from frontdesk.data.database import describe, is_encrypted

    db = database_proxy.obj
    if backup_repo.sqlite_path(db) is None:
        return Overview(describe(db), False, False, None, None, [])
    folder = default_folder()
    encrypted = is_encrypted(db)
    return Overview(describe(db), True, encrypted, sqlite_files.key_path() if encrypted else None, folder,
                    list_backups(folder))


def check_database() -> HealthReport:
    """`frontdesk check`: integrity and foreign keys (SQLite) and the audit chain (both backends); on
    SQLite, the trail also held against every backup in the clinic's backup folder."""
    problems = backup_repo.database_problems(database_proxy.obj)
    on_server = backup_repo.sqlite_path(database_proxy.obj) is None
    chain = audit.verify_chain()
    if not chain.ok:
        problems.append(f"audit chain: {chain.problem}")
        return HealthReport(problems, chain.count, on_server=on_server)
    agreement = None
    if not on_server:
        agreement = compare_with_backups()
        problems.extend(f"audit trail: {problem}" for problem in agreement.problems)
    return HealthReport(problems, chain.count, agreement, on_server)


@dataclass(frozen=True)
class BackupAgreement:
    """The trail held against the backups: each backup's last entry must be in it, unchanged.

    The chain alone shows a changed entry, unless whoever changed it also worked out every hash after
    it again. The backups (kept for a year, often copied elsewhere) still hold the old hashes: a
    trail rewritten or cut short before a backup's end no longer agrees with that backup."""

    agreeing: list[Path]  # newest first
    problems: list[str]
    superseded: list[Path]  # parted from the trail where a restore put one of them back: said, not an alarm
    unreadable: list[str]  # a backup that cannot be read here (damaged, or no key), with why
    restores: list[str] = field(default_factory=list)  # the restores behind the set-asides: "Fri 27 Nov 14:05 by admin"
    others: list[Path] = field(default_factory=list)  # another database's backups in the folder: not compared, said
    copies: list[Path] = field(default_factory=list)  # a copy's (another id, the same history): not compared, said


def trail_against_backups(actor: Actor) -> BackupAgreement | None:
    """compare_with_backups for the audit viewer (admins); None where backups are not this app's (PostgreSQL)."""
    permissions.require(actor, "audit.view")
    return compare_with_backups() if backup_repo.sqlite_path(database_proxy.obj) is not None else None


def agreement_words(held: BackupAgreement) -> str:
    """The agreement in a few words, for a status line. Backups set aside are always said, with the
    restore that parted them: a restore nobody made is how a cut trail would try to pass."""
    if held.problems:
        more = f" (and {len(held.problems) - 1} more)" if len(held.problems) > 1 else ""
        return f"DOES NOT MATCH THE BACKUPS: {held.problems[0]}{more}"
    parts = []
    if held.agreeing:
        count = len(held.agreeing)
        parts.append(f"matches {count} backup{'s' if count > 1 else ''} (the oldest {held.agreeing[-1].name})")
    if held.superseded:
        count = len(held.superseded)
        when = f" ({'; '.join(held.restores)})" if held.restores else ""
        parts.append(f"{count} backup{'s' if count > 1 else ''} set aside: made on a trail a restore put back{when}")
    if not held.agreeing and not held.superseded:
        parts.append("no backup yet to compare it with")
    if held.others:
        count = len(held.others)
        parts.append(f"{count} backup{'s' if count > 1 else ''} of another database in the folder, not compared")
    if held.copies:  # said, never silent: a database whose id was changed makes its own backups look like these
        count = len(held.copies)
        parts.append(f"{count} backup{'s' if count > 1 else ''} of a copy of this database (or its id was changed), "
                     "not compared")
    return "; ".join(parts)


AGREES, SET_ASIDE, DIFFERS, UNREADABLE, OTHER, COPY = "agrees", "set aside", "differs", "unreadable", "other", "copy"
SAME = "same"


@dataclass(frozen=True)
class _Verdict:
    kind: str  # AGREES, SET_ASIDE (a restore parted them), DIFFERS (a rewrite), UNREADABLE, OTHER, COPY (`_whose`)
    words: str = ""  # DIFFERS: the problem; UNREADABLE: why; SET_ASIDE: the restore behind it


def compare_with_backups(folder: Path | None = None) -> BackupAgreement:
    """Each backup of this database in the folder held against the trail (`_verdicts`). Backups of
    another database, or of a copy of this one, are said, never compared."""
    agreeing: list[Path] = []
    problems: list[str] = []
    superseded: list[Path] = []
    unreadable: list[str] = []
    restores: list[str] = []
    others: list[Path] = []
    copies: list[Path] = []
    for path, verdict in _verdicts(_all_backups(folder or default_folder())).items():
        if verdict.kind == AGREES:
            agreeing.append(path)
        elif verdict.kind == SET_ASIDE:
            superseded.append(path)
            restores += [verdict.words] if verdict.words and verdict.words not in restores else []
        elif verdict.kind == DIFFERS:
            problems.append(verdict.words)
        elif verdict.kind == UNREADABLE:
            unreadable.append(f"{path.name}: {verdict.words}")
        elif verdict.kind == COPY:
            copies.append(path)
        else:
            others.append(path)
    return BackupAgreement(agreeing, problems, superseded, unreadable, restores, others, copies)


def _verdicts(paths: list[Path]) -> dict[Path, _Verdict]:
    """Each backup's last entry looked up in the trail. Where they part, the last entry both share is
    found (a binary search: one hash covers every entry before it). Parting right where a restore put
    the trail back (one the trail records, or the backup does: a branch a later restore left) sets the
    backup aside, with that restore named; parting anywhere else is a rewrite, and an alarm.

    A backup is this database's when its trail begins with the trail's first entry, or it carries this
    database's id (so neither a changed id nor a trail rewritten from its first entry hides a backup);
    else it is another database's."""
    parted_by: dict[int, audit_repo.RestorePoint] = {p.entry_id: p for p in audit_repo.restore_points()}
    tz = clinic_repo.load_profile().tz
    own_id, own_first = backup_repo.database_id(), audit_repo.first()
    found: dict[Path, _Verdict] = {}
    for path in paths:
        try:
            with backup_repo.BackupTrail(path) as trail:
                whose = _whose(trail, own_id, own_first)
                if whose == OTHER:
                    found[path] = _Verdict(OTHER)
                    continue
                kept = trail.tip()
                if kept is None or audit_repo.hash_of(kept.entry_id) == kept.hash:
                    found[path] = _Verdict(AGREES if whose == SAME else COPY)
                    continue
                shared = _shared_until(trail, kept.entry_id)
                theirs = {p.entry_id for p in trail.restore_points()}
        except (backup_repo.BackupFileError, OSError) as exc:  # damaged, no key, another user's file
            found[path] = _Verdict(UNREADABLE, _why_unreadable(path, exc))
            continue
        if shared in parted_by or shared in theirs:
            # A copy parts from this trail where its own trail records the restore that made it: said as a
            # copy's. Held against the trail all the same, so a changed id hides no rewrite (below).
            point = parted_by.get(shared)
            words = f"{utc_to_local(point.at_utc, tz):%a %d %b %H:%M} by {point.user}" if point else ""
            found[path] = _Verdict(SET_ASIDE if whose == SAME else COPY, words)
        elif _live_last_id() == shared:  # the trail ends where it parts from the backup: cut short
            found[path] = _Verdict(DIFFERS, f"entry {kept.entry_id}, the last in the backup {path.name}, is gone: "
                                            f"entries were removed after entry {shared}")
        else:
            found[path] = _Verdict(DIFFERS, f"entry {_next_live_id(shared)} differs from the backup {path.name}: the "
                                            "trail from there on was rewritten after that backup")
    return found


def _why_unreadable(path: Path, exc: BaseException) -> str:
    words = str(exc) if isinstance(exc, backup_repo.BackupFileError) else (
        f"cannot be opened here ({getattr(exc, 'strerror', None) or type(exc).__name__})")
    return words.removeprefix(f"{path.name} ")  # the list names the file already


def _whose(trail: backup_repo.BackupTrail, own_id: str | None, own_first: audit_repo.ChainTip | None) -> str:
    """SAME: this database's (its id; or, made before ids, its trail begins as the app's does). COPY:
    another id on the same history: a copy of this database (a backup restored into a new file takes
    an id of its own), or this database's id was changed. OTHER: another database."""
    theirs_id, theirs_first = trail.database_id(), trail.first()
    if own_id is not None and theirs_id == own_id:
        return SAME
    if own_first is None or theirs_first is None or theirs_first != own_first:
        return OTHER  # another history (or an empty one, which tells nothing): another database's
    return SAME if theirs_id is None else COPY  # the same history: made before ids, or under another id


def _shared_until(trail: backup_repo.BackupTrail, upto: int) -> int:
    """The id of the last entry the backup's trail and the app's share (0: none), below `upto`."""
    def same(entry_id: int) -> bool:
        return trail.last_at_or_before(entry_id) == audit_repo.last_at_or_before(entry_id)

    low, high = 0, upto  # same at low (nothing, or equal), different at high
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if same(middle) else (low, middle)
    shared = audit_repo.last_at_or_before(low)
    return shared.entry_id if shared is not None else 0


def _live_last_id() -> int:
    last = audit_repo.tip()
    return last.entry_id if last is not None else 0


def _next_live_id(after: int) -> int:
    following = audit_repo.first_after(after)
    return following if following is not None else after + 1
