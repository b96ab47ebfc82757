"""Files that hold patient data, readable by this user only.

The database, its backups, exports, pre-visit sheets and intake summaries are health data: on a desk
computer shared by logins (or a folder synced elsewhere) they must not be left readable by everyone,
as a file made under the usual umask (0644) would be. Each is written here with mode 0600, and its
folder, when this makes it, with 0700. A file that already exists keeps the mode the clinic gave it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def write_private(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, renamed into place: the reader never sees
    half a file, and nothing is left behind on failure."""
    import tempfile  # here: with shutil, bz2 and lzma behind it, off the start-up helper's way to the board

    handle, temporary = tempfile.mkstemp(prefix=".frontdesk-", suffix=".part", dir=target.parent or Path("."))
    try:
        with os.fdopen(handle, "wb") as stream:  # mkstemp makes it 0600 already
            stream.write(data)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def create_private(path: Path) -> bool:
    """Make an empty file only this user can read, for a program (SQLite) to fill; False when it
    exists already. SQLite gives its -wal and -shm files the database file's mode."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    os.close(handle)
    return True


def make_private_folder(folder: Path) -> None:
    """The folder, made (with its parents) for this user only where it does not exist yet."""
    if folder.is_dir():
        return
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)


def sync(path: Path) -> None:
    """fsync a file, so what was written survives a power cut; a folder too (its new or renamed names)
    where the system allows it: Windows opens no folder, and some shared file systems cannot sync one."""
    try:
        fd = os.open(str(path), os.O_RDONLY)
    except OSError:
        if path.is_dir():
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not path.is_dir():
            raise
    finally:
        os.close(fd)
