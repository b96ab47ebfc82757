"""Who may do what: roles and the permissions the services check (not only the buttons)."""

from __future__ import annotations

from frontdesk.values import Actor

# Front desk: schedule, contacts, intake entry, printing. Clinical: also reviews flags and sees
# clinical detail. Admin: also users, settings, audit and backups.
DESK = frozenset({
    "schedule.view", "schedule.book", "schedule.change", "schedule.checkin",
    "patients.view", "patients.edit", "patients.import", "patients.export",
    "intake.enter", "print", "flags.see_exists", "rems.forms",
})
CLINICAL = DESK | {"flags.review", "clinical.view"}
ADMIN = CLINICAL | {"users.manage", "settings.change", "audit.view", "backup.run", "patients.merge",
                    "schedule.correct_past"}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {"desk": DESK, "clinical": CLINICAL, "admin": ADMIN}
ROLE_LABELS = {"desk": "Front desk", "clinical": "Clinical", "admin": "Admin"}


def signed_in_text(actor: Actor) -> str:
    """What the status bar says of who is signed in: "Signed in: desk1 (Front desk)"."""
    return f"Signed in: {actor.username} ({ROLE_LABELS.get(actor.role, actor.role)})"


class NotPermittedError(PermissionError):
    """The acting user's role does not allow this; the message names the action, not any patient."""


def allowed(actor: Actor, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(actor.role, frozenset())


# What each permission lets one do, in the words a refusal uses ("… may not change the clinic's settings").
PERMISSION_WORDS = {
    "schedule.view": "see the schedule", "schedule.book": "book appointments",
    "schedule.change": "change appointments", "schedule.checkin": "record day-of steps",
    "schedule.correct_past": "correct an earlier day's steps", "patients.view": "open patient records",
    "patients.edit": "change patient records", "patients.import": "import patients",
    "patients.export": "export patients", "patients.merge": "merge patient records",
    "intake.enter": "enter intake forms", "print": "print", "flags.see_exists": "see flags",
    "flags.review": "review clinical flags", "clinical.view": "see clinical detail",
    "rems.forms": "mark REMS forms", "users.manage": "manage users", "settings.change": "change the clinic's settings",
    "audit.view": "read the audit trail", "backup.run": "back up or restore the database",
}
WHO_MAY = {"clinical": "clinical staff or an administrator", "admin": "an administrator"}


def require(actor: Actor, permission: str) -> None:
    """Refuse unless `actor`'s role grants `permission`; the refusal says what, and who may."""
    if not allowed(actor, permission):
        role = next((r for r in ("clinical", "admin") if permission in ROLE_PERMISSIONS[r]), "")
        who = f": ask {WHO_MAY[role]}" if role in WHO_MAY else ""
        raise NotPermittedError(f"{actor.username} ({ROLE_LABELS.get(actor.role, actor.role)}) may not "
                                f"{PERMISSION_WORDS.get(permission, permission)}{who}")
