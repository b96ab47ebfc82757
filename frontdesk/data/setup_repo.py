"""Counts used at first start and by `frontdesk demo`."""

from __future__ import annotations

from frontdesk.data import models as m


def patient_count() -> int:
    return int(m.Patient.select().count())
