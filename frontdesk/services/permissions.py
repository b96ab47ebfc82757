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


def require(actor: Actor, permission: str) -> None:
    """Refuse unless `actor`'s role grants `permission`."""
    if not allowed(actor, permission):
        raise NotPermittedError(f"{actor.username} ({ROLE_LABELS.get(actor.role, actor.role)}) may not {permission}")
