"""What a role may not do, the services refuse (not only the screens): one check per admin or clinical power."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import peewee
import pytest

from frontdesk.services import accounts, audit, backup, clinic_settings, flags, intake, patients
from frontdesk.services.permissions import NotPermittedError, allowed
from frontdesk.values import Actor

DESK, NURSE, ADMIN = Actor("desk", "desk"), Actor("nurse", "clinical"), Actor("admin", "admin")


def _admin_only(tmp_path: Path) -> dict[str, Callable[[Actor], object]]:
    return {
        "add a user": lambda a: accounts.create_user(a, "eve", "long enough", "admin"),
        "change a role": lambda a: accounts.set_role(a, "desk", "admin"),
        "read the audit trail": lambda a: audit.entries(a),
        "back up": lambda a: backup.backup_now(a, tmp_path),
        "change clinic settings": lambda a: clinic_settings.save_profile(clinic_settings.profile(), a),
        "change a consent form version": lambda a: intake.set_consent_version(a, "treatment", "2027-01"),
        "merge patients": lambda a: patients.merge(a, 1, 2),
    }


@pytest.mark.parametrize("actor", [DESK, NURSE], ids=["desk", "clinical"])
def test_only_admins_manage_users_settings_audit_backups(db: peewee.Database, tmp_path: Path, actor: Actor) -> None:
    accounts.add_demo_users()
    for what, attempt in _admin_only(tmp_path).items():
        with pytest.raises(NotPermittedError):
            attempt(actor)
            pytest.fail(f"{actor.role} could {what}")


def test_only_clinical_roles_review_flags(db: peewee.Database) -> None:
    with pytest.raises(NotPermittedError):
        flags.review(DESK, 1)
    assert allowed(NURSE, "flags.review") and allowed(ADMIN, "flags.review")
    assert allowed(DESK, "flags.see_exists") and not allowed(DESK, "clinical.view")
