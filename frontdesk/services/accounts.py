"""Staff accounts: signing in, the first administrator, adding users, roles, disabling.

Passwords are hashed with argon2id (argon2-cffi). Several failed sign-ins in a row lock the
account for a while; every sign-in, success or failure, is in the audit trail. Messages never say
whether a user name exists.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frontdesk import PASSWORD_ENV, USER_ENV
from frontdesk.data import users_repo
from frontdesk.data.audit_repo import write_transaction
from frontdesk.data.models import utcnow
from frontdesk.services import audit, permissions
from frontdesk.settings import CONTACT_WORDS
from frontdesk.values import Actor

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MAX_FAILED_SIGNINS = 5  # in a row
LOCKOUT_MINUTES = 15
MIN_PASSWORD_LENGTH = 8
ROLES = ("desk", "clinical", "admin")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")

@functools.cache
def _hasher() -> PasswordHasher:
    """One of OWASP's equivalent argon2id minimums (9 MiB, 4 passes; as strong as 19 MiB with 2 passes):
    a sign-in costs tens of milliseconds, and the small memory keeps the app's start-up peak low.
    Hashes made with other parameters are redone at the next successful sign-in. argon2 loads at
    its first use: at start-up, on the password check's own thread while the window is built."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=4, memory_cost=9 * 1024, parallelism=1)


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so both answers take the same time."""
    return str(_hasher().hash("not a password"))


class AccountError(ValueError):
    """Bad input for an account (user name, role, password): the message names the field."""


WRONG_CREDENTIALS = "wrong user name or password"  # the same words for an unknown user and a wrong password


class SignInError(ValueError):
    """Sign-in refused: wrong name or password, account locked or disabled."""


@dataclass(frozen=True)
class UserSummary:
    """An account as the admin screen and `frontdesk users list` show it (no hash)."""

    username: str
    full_name: str
    role: str
    active: bool
    locked_until_utc: dt.datetime | None

    def is_locked(self, now: dt.datetime | None = None) -> bool:
        """Locked out now (a lock whose 15 minutes are over is none: the next sign-in goes through)."""
        return self.locked_until_utc is not None and self.locked_until_utc > (now or utcnow())


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def has_users() -> bool:
    """False until the first account exists (then nobody needs to sign in)."""
    return users_repo.count() > 0


def sign_in(username: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """The signed-in actor, or SignInError; each attempt is audited and failures count toward a lock."""
    return begin_sign_in(username, password).finish(now=now)


def begin_environment_sign_in() -> PendingSignIn | None:
    """The sign-in FRONTDESK_USER / FRONTDESK_PASSWORD ask for, started; None without both of them or
    while the clinic has no account (then nobody signs in)."""
    username = os.environ.get(USER_ENV, "").strip()
    password = os.environ.get(PASSWORD_ENV, "")
    if not (username and password) or not has_users():
        return None
    return begin_sign_in(username, password)


def begin_sign_in(username: str, password: str) -> PendingSignIn:
    """Look the user up and start checking the password on a worker thread; `finish()` gives the answer.

    argon2 releases the GIL, so the app builds its window meanwhile instead of waiting for the hash.
    The database is only touched here and in `finish()`, on the caller's thread."""
    username = username.strip().lower()
    user = users_repo.get(username)
    stored = user.password_hash if user is not None else None
    checking: Future[bool] = _verifier().submit(_check, stored, password)
    return PendingSignIn(username, user, password, checking)


@dataclass(frozen=True)
class PendingSignIn:
    """A sign-in whose password is being checked; only `finish()` decides and audits it."""

    username: str
    user: users_repo.UserRecord | None
    password: str = field(repr=False)
    checking: Future[bool] = field(repr=False)

    def finish(self, *, now: dt.datetime | None = None) -> Actor:
        now = now or utcnow()
        username, user = self.username, self.user
        matches = self.checking.result()  # always waited for: every answer takes the same time
        if user is None:
            _audit_failure(username, "unknown user")
            raise SignInError(WRONG_CREDENTIALS)
        if not user.active:
            _audit_failure(username, "disabled")
            raise SignInError(f"the account {username} is disabled; ask an administrator")
        if user.locked_until_utc and user.locked_until_utc > now:
            _audit_failure(username, "locked")
            raise SignInError(f"too many failed sign-ins: the account {username} is locked for "
                              f"{_minutes_left(user.locked_until_utc, now)} more minutes")
        if not matches:
            _record_failure(username, now)
            raise SignInError(WRONG_CREDENTIALS)
        _record_success(username, user.password_hash, self.password)
        return Actor(username, user.role)


@functools.cache
def _verifier() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="password-check")


def _check(stored_hash: str | None, password: str) -> bool:
    """On the password check's thread; an unknown user is checked against a dummy hash (same time)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored_hash or _dummy_hash(), password))
    except (VerificationError, InvalidHashError):
        return False


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, -(-int((until - now).total_seconds()) // 60))


def _record_failure(username: str, now: dt.datetime) -> None:
    with write_transaction():
        failures = users_repo.add_failure(username, limit=MAX_FAILED_SIGNINS,
                                          lock_until=now + dt.timedelta(minutes=LOCKOUT_MINUTES))
        audit.record(Actor(username, ""), "signin.failure", entity="user", entity_id=username,
                     detail="wrong password")
        if failures >= MAX_FAILED_SIGNINS:
            audit.record(Actor(username, ""), "user.lockout", entity="user", entity_id=username,
                         detail=f"{MAX_FAILED_SIGNINS} failures in a row; locked {LOCKOUT_MINUTES} min")


def _audit_failure(username: str, reason: str) -> None:
    with write_transaction():
        audit.record(Actor(username[:64], ""), "signin.failure", entity="user", entity_id=username[:64],
                     detail=reason)


def _record_success(username: str, stored_hash: str, password: str) -> None:
    with write_transaction():
        fields: dict[str, object] = {"failed_attempts": 0, "locked_until_utc": None}
        if _hasher().check_needs_rehash(stored_hash):
            fields["password_hash"] = hash_password(password)
        users_repo.update(username, **fields)
        audit.record(Actor(username, ""), "signin.success", entity="user", entity_id=username)


def record_sign_out(actor: Actor, reason: str = "") -> None:
    """Sign-out, lock and switch-user events, for the trail."""
    with write_transaction():
        audit.record(actor, "signin.signout", entity="user", entity_id=actor.username, detail=reason)


def create_first_admin(username: str, password: str, full_name: str = "") -> Actor:
    """The clinic's first account (an admin), only while no account exists.

    This is where a real clinic begins (the demo makes its accounts itself): the example clinic's
    name, address, phones and email, which every new database starts with, are cleared in the same step
    (each one still the example's, if some were changed before), so no sheet tells a patient to call
    the example's number; sheets wait until an admin enters the clinic's own (Clinic settings)."""
    _validate(username, password, "admin")
    with write_transaction():
        if users_repo.count():
            raise AccountError("an account already exists; ask an administrator to add you")
        users_repo.insert(username=username, full_name=full_name.strip(), role="admin",
                          password_hash=hash_password(password))
        actor = Actor(username, "admin")
        audit.record(actor, "user.create", entity="user", entity_id=username, detail="role=admin first account")
        from frontdesk.services.clinic_settings import forget_example_contact  # here: sign-in never needs it

        examples = forget_example_contact()  # each one left as the example's: its phone kept, say
        if examples:
            audit.record(actor, "settings.profile", entity="setting", entity_id="clinic",
                         detail=f"the example clinic's {', '.join(CONTACT_WORDS[f] for f in examples)} cleared")
    return actor


def create_user(actor: Actor, username: str, password: str, role: str, full_name: str = "") -> None:
    permissions.require(actor, "users.manage")
    _validate(username, password, role)
    _insert(actor, username, hash_password(password), role, full_name)


def _insert(actor: Actor, username: str, password_hash: str, role: str, full_name: str) -> None:
    with write_transaction():
        if users_repo.get(username) is not None:
            raise AccountError(f"user name already taken: {username}")
        users_repo.insert(username=username, full_name=full_name.strip(), role=role, password_hash=password_hash)
        audit.record(actor, "user.create", entity="user", entity_id=username, detail=f"role={role}")


def set_role(actor: Actor, username: str, role: str) -> None:
    permissions.require(actor, "users.manage")
    _check_role(role)
    with write_transaction():
        user = _existing(username)
        if user.role == "admin" and role != "admin" and user.active:
            _keep_an_admin()
        users_repo.update(username, role=role)
        audit.record(actor, "user.role", entity="user", entity_id=username, detail=f"{user.role}->{role}")


def set_active(actor: Actor, username: str, active: bool) -> None:
    """Disable (or enable again) an account; accounts are never deleted, the trail names them."""
    permissions.require(actor, "users.manage")
    with write_transaction():
        user = _existing(username)
        if not active and user.role == "admin" and user.active:
            _keep_an_admin()
        users_repo.update(username, active=active, failed_attempts=0, locked_until_utc=None)
        audit.record(actor, "user.enable" if active else "user.disable", entity="user", entity_id=username)


def reset_password(actor: Actor, username: str, password: str) -> None:
    """An admin sets a new password (also lifts a lockout); a user may change their own."""
    if actor.username != username:
        permissions.require(actor, "users.manage")
    _check_password(password)
    with write_transaction():
        _existing(username)
        users_repo.update(username, password_hash=hash_password(password), failed_attempts=0,
                          locked_until_utc=None)
        audit.record(actor, "user.password", entity="user", entity_id=username)


def list_users(actor: Actor) -> list[UserSummary]:
    permissions.require(actor, "users.manage")
    return [UserSummary(u.username, u.full_name, u.role, u.active, u.locked_until_utc)
            for u in users_repo.all_users()]


def role_of(username: str) -> str | None:
    user = users_repo.get(username)
    return user.role if user else None


def add_demo_users() -> None:
    """The demo clinic's accounts: admin, desk and nurse, each with the password "demo"."""
    system = Actor("demo", "admin")
    for username, role, name in (("admin", "admin", "Demo Administrator"), ("desk", "desk", "Demo Front Desk"),
                                 ("nurse", "clinical", "Demo Nurse")):
        if users_repo.get(username) is None:
            _insert(system, username, hash_password("demo"), role, name)


def demo_hint() -> str:
    """For people trying a demo clinic: which accounts to sign in with ("" in a real clinic)."""
    from frontdesk.data import audit_repo

    if not audit_repo.search(user="demo", action="user.create", limit=1):
        return ""
    return "Demo clinic: sign in as admin, desk or nurse, password demo."


def _existing(username: str) -> users_repo.UserRecord:
    user = users_repo.get(username)
    if user is None:
        raise AccountError(f"no such user: {username}")
    return user


def _keep_an_admin() -> None:
    if users_repo.count_active_admins() <= 1:
        raise AccountError("the clinic must keep at least one active admin")


def check_new_account(username: str, password: str, role: str) -> None:
    """Refuse (AccountError, in words) a user name, password or role that no account may have."""
    _validate(username, password, role)


def _validate(username: str, password: str, role: str) -> None:
    if not _USERNAME.match(username):
        raise AccountError("user name: 1–32 lower-case letters, digits, '.', '_' or '-', starting with a "
                           "letter or digit")
    _check_role(role)
    _check_password(password)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)} (not {role!r})")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password: at least {MIN_PASSWORD_LENGTH} characters")
