"""Backups that restore: rotation, verification, and a round trip back to the same data."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from frontdesk.data import backup_repo
from frontdesk.data import models as m
from frontdesk.data.database import open_database
from frontdesk.services import audit, backup
from frontdesk.services.backup import BackupError, backups_to_keep
from frontdesk.services.demo import build_demo
from frontdesk.services.permissions import NotPermittedError
from frontdesk.values import Actor

ADMIN = Actor("admin", "admin")


def _dump(path: Path, *, skip_audit: bool = False) -> list[str]:
    """Every row of every table, as SQL text (the data level, independent of page layout)."""
    with _connected(path) as conn:
        lines = [line for line in conn.iterdump() if not line.startswith(("CREATE", "BEGIN", "COMMIT"))]
    if skip_audit:
        lines = [line for line in lines if '"audit_' not in line]
    return lines


@contextlib.contextmanager
def _connected(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A plain connection, committed and closed at the block's end (sqlite3's own `with` only commits:
    left open, it is a program using the file, which a restore refuses to write under)."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def _restore(actor: Actor | None, source: Path, target: Path) -> Path | None:
    """backup.restore as `frontdesk restore` runs it: this process's own connection closed first (one
    left open is a program using the file, and the restore refuses to write under it)."""
    from frontdesk.data.database import database_proxy

    if database_proxy.obj is not None:
        database_proxy.obj.close()
    return backup.restore(actor, source, target)


@pytest.fixture
def demo(sqlite_db: peewee.Database) -> Path:
    build_demo(patients=20, days=2, seed=3)
    return Path(sqlite_db.database)


def test_backup_change_restore_gives_back_the_same_data(demo: Path, tmp_path: Path) -> None:
    made = backup.backup_now(ADMIN, tmp_path / "backups")
    snapshot = _dump(made.path)
    m.Patient.update(legal_last="Changed").execute()
    m.Appointment.delete().where(m.Appointment.id % 2 == 0).execute()
    assert _dump(demo) != snapshot
    saved = _restore(ADMIN, made.path, demo)
    open_database(str(demo))
    backup.record_restore(ADMIN, made.path)
    assert _dump(demo, skip_audit=True) == _dump(made.path, skip_audit=True)
    restored_trail = [line for line in _dump(demo) if '"audit_entry"' in line]
    assert restored_trail[:-1] == [line for line in snapshot if '"audit_entry"' in line]
    assert m.AuditEntry.select().order_by(m.AuditEntry.id.desc()).first().action == "backup.restore"
    assert saved is not None and "Changed" in "".join(_dump(saved))
    assert backup.check_database().ok


def test_backup_is_a_single_checked_file_and_is_audited(demo: Path, tmp_path: Path) -> None:
    made = backup.backup_now(ADMIN, tmp_path / "b", now=dt.datetime(2026, 3, 2, 18, 5, 0))
    own = backup_repo.database_id()
    assert own is not None and made.path.name == f"frontdesk-20260302-180500-{own[:8]}.sqlite3"
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]
    assert backup.verify_backup(made.path).ok
    entry = m.AuditEntry.select().order_by(m.AuditEntry.id.desc()).first()
    assert (entry.user, entry.action, entry.entity_id) == ("admin", "backup.create", made.path.name)


def test_only_admins_may_back_up_or_restore(demo: Path, tmp_path: Path) -> None:
    with pytest.raises(NotPermittedError):
        backup.backup_now(Actor("desk", "desk"), tmp_path)
    made = backup.backup_now(ADMIN, tmp_path)
    with pytest.raises(NotPermittedError):
        _restore(Actor("nurse", "clinical"), made.path, demo)


def test_daily_backup_is_made_once_a_day_and_on_exit_always(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    morning = dt.datetime(2026, 3, 2, 8, 0)
    desk = Actor("desk", "desk")
    assert backup.automatic_backup(desk, "daily", folder=folder, now=morning) is not None
    assert backup.automatic_backup(desk, "daily", folder=folder, now=morning.replace(hour=12)) is None
    assert backup.automatic_backup(desk, "exit", folder=folder, now=morning.replace(hour=18)) is not None
    assert len(backup.list_backups(folder)) == 2  # the day's backups stay while it is the newest day
    backup.automatic_backup(desk, "daily", folder=folder, now=morning + dt.timedelta(days=1))
    assert len(backup.list_backups(folder)) == 2  # then the day keeps its newest: 18:00, and the new day's


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    start = dt.datetime(2025, 1, 1, 18, 0)
    stamps = [start + dt.timedelta(days=d, hours=h) for d in range(400) for h in (0, 1)]
    keep = backups_to_keep(stamps)
    newest = max(stamps)
    days = sorted({s.date() for s in keep}, reverse=True)
    assert days[:7] == [newest.date() - dt.timedelta(days=i) for i in range(7)]
    older = [s for s in keep if s.date() != newest.date()]
    assert all(s.hour == 19 for s in older), "the newest backup of each period is the one kept"
    assert {s for s in keep if s.date() == newest.date()} == {newest, newest - dt.timedelta(hours=1)}  # all today's
    months = {(s.year, s.month) for s in keep}
    assert len(months) == 12
    assert len(keep) <= 1 + 7 + 4 + 12


def test_rotation_leaves_other_files_alone(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    for day in range(1, 11):
        backup.backup_now(ADMIN, folder, now=dt.datetime(2026, 3, day, 18, 0))
    names = sorted(p.name for p in folder.iterdir())
    assert "notes.txt" in names
    assert len(names) == 1 + 7 + 1  # 7 daily + the newest of an older week, and the note


def test_a_damaged_backup_is_refused_before_anything_changes(demo: Path, tmp_path: Path) -> None:
    made = backup.backup_now(ADMIN, tmp_path)
    data = bytearray(made.path.read_bytes())
    data[5000:9000] = b"\x00" * 4000
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(bytes(data))
    before = _dump(demo)
    with pytest.raises((BackupError, ValueError)):
        _restore(ADMIN, broken, demo)
    assert _dump(demo) == before


def test_a_backup_with_a_tampered_audit_trail_is_refused(demo: Path, tmp_path: Path) -> None:
    made = backup.backup_now(ADMIN, tmp_path)
    with _connected(made.path) as conn:
        conn.execute("DROP TRIGGER audit_entry_no_update")
        conn.execute("UPDATE audit_entry SET user = 'someone' WHERE id = 1")
    check = backup.verify_backup(made.path)
    assert not check.ok and "audit chain broken" in check.problems[0]
    with pytest.raises(BackupError, match="failed verification"):
        _restore(ADMIN, made.path, demo)


def test_a_file_that_is_not_a_database_is_refused(demo: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database at all " * 100)
    with pytest.raises(ValueError, match=r"not a usable Front desk database: junk\.sqlite3"):
        backup.verify_backup(junk)


def test_a_folder_that_cannot_be_made_gives_a_clear_message(demo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(BackupError, match="cannot use the backup folder"):
        backup.backup_now(ADMIN, blocker / "inside")


def test_check_finds_a_broken_foreign_key(demo: Path) -> None:
    db = m.Patient._meta.database
    db.execute_sql("PRAGMA foreign_keys = OFF")
    db.execute_sql("UPDATE appointment SET patient_id = 99999 WHERE id = 1")
    report = backup.check_database()
    assert not report.ok
    assert report.problems == ["foreign key: appointment row 1 points to a missing patient"]


def test_restoring_into_a_new_file_is_how_a_backup_is_tested(demo: Path, tmp_path: Path) -> None:
    """The scratch file holds all of the backup, in a file only this user reads, under an id of its own:
    its backups, written to the folder it remembers (the clinic's), never rotate the clinic's away."""
    import stat

    backup.choose_folder(ADMIN, tmp_path / "b")
    made = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 9, 0)).path
    scratch = tmp_path / "scratch.sqlite3"
    assert _restore(ADMIN, made, scratch) is None  # nothing was there to keep

    def without_id(path: Path) -> list[str]:
        return [line for line in _dump(path) if "'database_id'" not in line]

    assert without_id(scratch) == without_id(made)
    assert backup_repo.database_id_of(scratch) not in (None, backup_repo.database_id_of(made))
    assert stat.S_IMODE(scratch.stat().st_mode) == 0o600  # it was 0644: any user of the computer could read it
    open_database(str(scratch))
    backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 9, 5))  # the same day: rotation keeps one a day
    assert made.exists()  # it was rotated out: the scratch copy took the clinic's id


def test_restore_refuses_while_another_program_has_the_database_open(demo: Path, tmp_path: Path) -> None:
    """An app left open on the clinic went on with the old data, and what was typed in it after the restore
    was lost at its next start: the restore now refuses, and nothing changes."""
    made = backup.backup_now(ADMIN, tmp_path / "b")
    other = sqlite3.connect(demo)  # e.g. the app still running on another desk
    try:
        other.execute("DELETE FROM patient_phone")
        other.commit()
        before = _dump(demo)
        with pytest.raises(backup_repo.BackupFileError, match="is open in Front desk elsewhere"):
            _restore(ADMIN, made.path, demo)
        assert _dump(demo) == before
        assert other.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        other.close()
    _restore(ADMIN, made.path, demo)  # closed everywhere: done
    assert _dump(demo, skip_audit=True) == _dump(made.path, skip_audit=True)


# --- the trail held against the backups ----------------------------------------------------------


def _rewrite_trail(demo: Path, change: str) -> None:
    """What someone covering their tracks would do: change the trail, then work out every hash again."""
    with _connected(demo) as conn:
        conn.execute("DROP TRIGGER audit_entry_no_update")
        conn.execute("DROP TRIGGER audit_entry_no_delete")
        conn.execute(change)
        conn.execute("UPDATE audit_entry SET hash = ''")
    from frontdesk.data.audit_repo import seal_unchained

    seal_unchained()


def test_check_holds_the_trail_against_every_backup(demo: Path, tmp_path: Path) -> None:
    backup.choose_folder(ADMIN, tmp_path / "b")
    older = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    newer = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 18, 0)).path
    report = backup.check_database()
    assert report.ok and report.backups is not None
    assert report.backups.agreeing == [newer, older] and report.backups.problems == []


def test_a_trail_rewritten_with_fresh_hashes_still_disagrees_with_the_backups(demo: Path, tmp_path: Path) -> None:
    backup.choose_folder(ADMIN, tmp_path / "b")
    made = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    _rewrite_trail(demo, "UPDATE audit_entry SET user = 'someone' WHERE id = 2")
    assert audit.verify_chain().ok  # the chain alone no longer shows it
    report = backup.check_database()
    assert not report.ok
    assert report.problems == [f"audit trail: entry 2 differs from the backup {made.name}: the trail from there on "
                               "was rewritten after that backup"]


def test_a_trail_cut_short_disagrees_with_the_backups(demo: Path, tmp_path: Path) -> None:
    backup.choose_folder(ADMIN, tmp_path / "b")
    made = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    last = _last_entry(made)
    _rewrite_trail(demo, f"DELETE FROM audit_entry WHERE id >= {last - 1}")
    report = backup.check_database()
    assert report.problems == [f"audit trail: entry {last}, the last in the backup {made.name}, is gone: entries "
                               f"were removed after entry {last - 2}"]


def _last_entry(path: Path) -> int:
    with _connected(path) as conn:
        return int(conn.execute("SELECT max(id) FROM audit_entry").fetchone()[0])


def test_after_a_restore_the_backups_of_the_replaced_trail_are_set_aside(demo: Path, tmp_path: Path) -> None:
    backup.choose_folder(ADMIN, tmp_path / "b")
    put_back = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    m.Patient.update(legal_last="Changed").where(m.Patient.id == 1).execute()
    backup.record_restore(ADMIN, tmp_path / "just-to-add-an-entry.sqlite3")  # the trail moves on
    replaced = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 18, 0)).path
    _restore(ADMIN, put_back, demo)
    open_database(str(demo))
    backup.record_restore(ADMIN, put_back)
    report = backup.check_database()
    assert report.ok and report.backups is not None
    assert report.backups.agreeing == [put_back] and report.backups.superseded == [replaced]


def test_a_backup_that_cannot_be_read_is_named_not_counted_against_the_trail(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    backup.choose_folder(ADMIN, folder)
    good = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    (folder / "frontdesk-20260302-180000.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x01" * 4000)
    report = backup.check_database()
    assert report.ok and report.backups is not None and report.backups.agreeing == [good]
    assert [line.split(":")[0] for line in report.backups.unreadable] == ["frontdesk-20260302-180000.sqlite3"]


def test_a_restore_entry_forged_into_the_trail_does_not_hide_a_rewrite(demo: Path, tmp_path: Path) -> None:
    backup.choose_folder(ADMIN, tmp_path / "b")
    made = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    _rewrite_trail(demo, "UPDATE audit_entry SET user = 'someone' WHERE id = 2")
    backup.record_restore(ADMIN, tmp_path / "anything.sqlite3")  # a "restore" nobody made, to set backups aside
    report = backup.check_database()
    assert not report.ok and report.backups is not None and report.backups.superseded == []
    assert report.problems[0].startswith(f"audit trail: entry 2 differs from the backup {made.name}")


def test_a_trail_cut_back_and_called_a_restore_is_said_with_that_restore(demo: Path, tmp_path: Path) -> None:
    """It cannot be told from a real restore of an older backup; what shows it is the restore named, with
    its time and user, wherever the check is read (a restore nobody made is the alarm)."""
    backup.choose_folder(ADMIN, tmp_path / "b")
    made = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    _rewrite_trail(demo, f"DELETE FROM audit_entry WHERE id > {_last_entry(made) - 3}")
    backup.record_restore(Actor("someone", "admin"), tmp_path / "anything.sqlite3")
    report = backup.check_database()
    assert report.backups is not None and report.backups.superseded == [made]
    words = backup.agreement_words(report.backups)
    assert words.startswith("1 backup set aside: made on a trail a restore put back (") and words.endswith(
        " by someone)")


def test_undoing_a_mistaken_restore_raises_no_alarm(demo: Path, tmp_path: Path) -> None:
    backup.choose_folder(ADMIN, tmp_path / "b")
    older = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    audit.record(ADMIN, "patient.view", entity="patient", entity_id=1, patient_id=1)
    newer = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 18, 0)).path
    _restore(ADMIN, older, demo)  # the wrong one
    open_database(str(demo))
    backup.record_restore(ADMIN, older)
    branch = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 3, 18, 0)).path  # the exit backup, on that branch
    _restore(ADMIN, newer, demo)  # the right one
    open_database(str(demo))
    backup.record_restore(ADMIN, newer)
    report = backup.check_database()
    assert report.ok, report.problems
    assert report.backups is not None and report.backups.superseded == [branch]
    assert set(report.backups.agreeing) == {older, newer}


def _second_clinic(path: Path, folder: Path) -> None:
    """Another clinic database made beside this one, backing up into the same folder; left open. Made
    a second later: a trail begins with its first entry, and a database made the same second would
    begin as this one does."""
    import time

    time.sleep(1.1)
    open_database(str(path))
    build_demo(patients=5, days=1, seed=9)
    backup.choose_folder(ADMIN, folder)


def test_two_databases_sharing_a_backup_folder_keep_to_their_own_backups(demo: Path, tmp_path: Path) -> None:
    """The clinic's file and a training database back up into one folder, at the same times: neither
    rotates away, skips its daily backup for, or compares its trail with the other's backups; each says so."""
    folder = tmp_path / "shared"
    backup.choose_folder(ADMIN, folder)
    days = [dt.datetime(2026, 3, day, 18, 0) for day in range(1, 10)]
    ours = [backup.backup_now(ADMIN, now=day).path for day in days[:1]]
    _second_clinic(tmp_path / "training.sqlite3", folder)
    theirs = [backup.backup_now(ADMIN, now=day).path for day in days]
    kept = backup.list_backups()
    assert 7 <= len(kept) < len(theirs) and set(kept) <= set(theirs)  # rotated: the newest of each day, week…
    open_database(str(demo))
    assert backup.list_backups() == ours  # the training database's rotation left the clinic's backup alone
    assert backup.automatic_backup(ADMIN, "daily", now=days[-1]) is not None  # theirs of that day is not ours
    report = backup.check_database()
    assert report.ok and report.backups is not None
    assert len(report.backups.agreeing) == 2 and report.backups.others == kept  # both newest first
    assert backup.agreement_words(report.backups).endswith(f"; {len(kept)} backups of another database in the "
                                                            "folder, not compared")


def _as_before_ids(made: Path) -> Path:
    """`made` as an earlier version wrote it: no id inside, none in its name."""
    with _connected(made) as raw:
        raw.execute("DELETE FROM setting WHERE key = 'database_id'")
        raw.execute("DELETE FROM schema_migration WHERE number = 94")
    return made.rename(made.with_name(made.name.rsplit("-", 1)[0] + ".sqlite3"))


def test_another_databases_backup_from_before_ids_is_told_by_where_its_trail_begins(demo: Path,
                                                                                   tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    backup.choose_folder(ADMIN, folder)
    ours = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    _second_clinic(tmp_path / "training.sqlite3", folder)
    theirs = _as_before_ids(backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 18, 0)).path)
    open_database(str(demo))
    assert theirs in backup.list_backups()  # by its name it could be the clinic's
    report = backup.check_database()
    assert report.ok and report.backups is not None
    assert report.backups.agreeing == [ours] and report.backups.others == [theirs]  # no false alarm
    for day in range(2, 12):  # and the clinic's rotation never deletes it
        backup.backup_now(ADMIN, now=dt.datetime(2026, 3, day, 19, 0))
    assert theirs.exists()


def test_a_changed_database_id_hides_no_backup(demo: Path, tmp_path: Path) -> None:
    """Its backups still begin where the trail does: said as a copy's (or a changed id), never silently
    dropped from the check."""
    backup.choose_folder(ADMIN, tmp_path / "b")
    made = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    m.Setting.update(value='"00000000000000000000000000000000"').where(m.Setting.key == "database_id").execute()
    report = backup.check_database()
    assert report.backups is not None and report.backups.copies == [made] and report.backups.agreeing == []
    assert "1 backup of a copy of this database (or its id was changed), not compared" in backup.agreement_words(
        report.backups)


def test_a_training_file_refreshed_from_the_clinics_backup_keeps_its_own_id(demo: Path, tmp_path: Path) -> None:
    """A training database beside the clinic's file, refreshed from a clinic backup: it keeps its own id,
    so neither rotates the other's backups away; each says the other's are a copy's, and compares them."""
    folder = tmp_path / "shared"
    backup.choose_folder(ADMIN, folder)
    clinics = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    training = tmp_path / "training.sqlite3"
    _second_clinic(training, folder)
    trainings_id = backup_repo.database_id()
    _restore(ADMIN, clinics, training)  # the training file takes the clinic's data
    open_database(str(training))
    backup.record_restore(ADMIN, clinics)
    assert backup_repo.database_id() == trainings_id != backup_repo.database_id_of(demo)
    for day in range(2, 12):
        backup.backup_now(ADMIN, now=dt.datetime(2026, 3, day, 18, 0))
    assert clinics.exists()  # the training copy's rotation left the clinic's backup alone
    report = backup.check_database()
    assert report.ok and report.backups is not None and report.backups.copies == [clinics]
    open_database(str(demo))
    report = backup.check_database()  # the clinic holds the copy's backups against its trail: no alarm
    assert report.ok and report.backups is not None and len(report.backups.copies) >= 7


def test_a_lost_file_put_back_from_its_backup_carries_on_with_its_backups(demo: Path, tmp_path: Path) -> None:
    """Put back as a new file, it is a database of its own: its history holds, the backups it came from
    stay (a copy's: never rotated away by it) and its own are made from then on."""
    backup.choose_folder(ADMIN, tmp_path / "b")
    own = backup_repo.database_id()
    made = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    demo.unlink()  # the disk died
    _restore(ADMIN, made, demo)
    open_database(str(demo))
    backup.record_restore(ADMIN, made)
    assert backup_repo.database_id() != own
    later = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 18, 0)).path
    report = backup.check_database()
    assert report.ok and report.backups is not None and report.backups.agreeing[0] == later
    assert made.exists()


def test_a_changed_id_with_a_rewritten_trail_still_disagrees_with_the_backups(demo: Path, tmp_path: Path) -> None:
    backup.choose_folder(ADMIN, tmp_path / "b")
    made = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path
    _rewrite_trail(demo, "UPDATE audit_entry SET user = 'someone' WHERE id = 3")
    m.Setting.update(value='"00000000000000000000000000000000"').where(m.Setting.key == "database_id").execute()
    report = backup.check_database()
    assert not report.ok
    assert report.problems[0].startswith(f"audit trail: entry 3 differs from the backup {made.name}")


def test_rotation_keeps_a_backup_the_trail_no_longer_agrees_with(demo: Path, tmp_path: Path) -> None:
    """The evidence of a rewrite is never rotated away; the backups made since rotate as usual."""
    backup.choose_folder(ADMIN, tmp_path / "b")
    evidence = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 18, 0)).path  # a Monday
    _rewrite_trail(demo, "UPDATE audit_entry SET user = 'someone' WHERE id = 2")
    since = [backup.backup_now(ADMIN, now=dt.datetime(2026, 3, day, 18, 0)).path for day in range(3, 12)]
    assert evidence.exists()  # rotation would drop a Monday backup eight days old: kept, it disagrees
    assert not since[0].exists() and not since[1].exists()  # Tue and Wed, agreeing: rotated as usual
    assert not backup.check_database().ok


def test_restoring_a_backup_from_before_ids_keeps_the_database_its_backups(demo: Path, tmp_path: Path) -> None:
    """A backup made by an earlier version has no id: the restored database keeps the one it replaced,
    so the backups made since stay its own (listed, rotated, compared)."""
    backup.choose_folder(ADMIN, tmp_path / "b")
    own = backup_repo.database_id()
    older = _as_before_ids(backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path)
    since = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 18, 0)).path
    _restore(ADMIN, older, demo)
    open_database(str(demo))
    backup.record_restore(ADMIN, older)
    assert backup_repo.database_id() == own
    assert backup.list_backups() == [since, older]


def test_a_trail_whose_chain_is_broken_rotates_nothing_away(demo: Path, tmp_path: Path) -> None:
    """An entry changed in place (hashes not worked out again): the older backups may hold its only
    true copy, so the backups written from then on rotate nothing."""
    backup.choose_folder(ADMIN, tmp_path / "b")
    first = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 9, 0)).path
    with _connected(demo) as conn:
        conn.execute("DROP TRIGGER audit_entry_no_update")
        conn.execute("UPDATE audit_entry SET user = 'someone' WHERE id = 2")
    later = backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 2, 18, 0))
    assert later.removed == [] and first.exists()  # the same day's older backup is kept


def test_a_new_database_beside_a_folder_of_backups_from_before_ids_raises_no_alarm(tmp_path: Path,
                                                                                   sqlite_db: object) -> None:
    """Its trail is empty: a backup made before ids tells nothing of whose it is, so it is not held
    against it (it would read as a trail cut short)."""
    build_demo(patients=5, days=1, seed=3)
    clinic = backup_repo.sqlite_path(sqlite_db)  # type: ignore[arg-type]
    assert clinic is not None
    old = _as_before_ids(backup.backup_now(ADMIN, now=dt.datetime(2026, 3, 1, 18, 0)).path)
    open_database(str(clinic.with_name("new.sqlite3")))  # beside it: the same backups/ folder, no audit entry yet
    assert m.AuditEntry.select().count() == 0 and backup.default_folder() == old.parent
    report = backup.check_database()
    assert report.ok and report.backups is not None and report.backups.others == [old]
