"""Esketamine REMS monitoring forms: which sessions still owe one, and marking one sent (or not, after all).

Each write is one transaction with its audit entry. The list is read in one query over the sessions
since the clinic began tracking (the day the app's table for it was made, or as the clinic set it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from frontdesk.data import clinic_repo, rems_repo
from frontdesk.data.database import database_proxy
from frontdesk.rules.clock import day_bounds_utc, now_local, utc_to_local
from frontdesk.rules.rems import ESKETAMINE, FormState, clean_reference, form_due, form_state, needs_form
from frontdesk.services import audit
from frontdesk.services.permissions import require
from frontdesk.values import SYSTEM_ACTOR, Actor

SENT_SHOWN_DAYS = 30  # with the sent ones asked for: those of the last month's sessions


class RemsFormError(ValueError):
    """A form that cannot be marked (or unmarked); the message names the appointment, not the patient."""


@dataclass(frozen=True)
class MonitoringForm:
    """One session's form as the desk sees it."""

    appointment_id: int
    patient_id: int
    patient_name: str
    chart_number: str
    session: dt.datetime  # clinic-local
    chair_name: str
    due: dt.date
    state: FormState
    reference: str = ""


def monitoring_forms(actor: Actor, *, today: dt.date | None = None, include_sent: bool = False) -> list[MonitoringForm]:
    """The forms still owed, oldest session (most overdue) first; with `include_sent`, also those sent
    for the last month's sessions."""
    require(actor, "schedule.view")
    tz = clinic_repo.load_profile().tz
    today = today or now_local(tz).date()
    since = rems_repo.tracking_since() or today
    start_utc, _ = day_bounds_utc(since, tz)
    _, end_utc = day_bounds_utc(today, tz)
    sent_from = day_bounds_utc(today - dt.timedelta(days=SENT_SHOWN_DAYS), tz)[0] if include_sent else end_utc
    rows = rems_repo.esketamine_sessions(start_utc, end_utc, sent_from_utc=sent_from)
    return [_form(row, tz, today) for row in rows if needs_form(ESKETAMINE, row.flow, row.outcome)]


def _form(row: rems_repo.SessionRow, tz: dt.tzinfo, today: dt.date) -> MonitoringForm:
    session = utc_to_local(row.start_utc, tz)
    sent_on = utc_to_local(row.submitted_utc, tz).date() if row.submitted_utc is not None else None
    return MonitoringForm(row.appointment_id, row.patient_id, row.patient_name, row.chart_number, session,
                          row.chair_name, form_due(session.date()),
                          form_state(session.date(), today, sent_on, row.submitted_by), row.reference)


def form_of(actor: Actor, appointment_id: int, today: dt.date | None = None) -> MonitoringForm | None:
    """One session's form (the board's details show it); None where no form is owed or tracked."""
    require(actor, "schedule.view")
    row = rems_repo.esketamine_session(appointment_id)
    if row is None or not needs_form(ESKETAMINE, row.flow, row.outcome):
        return None
    tz = clinic_repo.load_profile().tz
    form = _form(row, tz, today or now_local(tz).date())
    since = rems_repo.tracking_since()
    if since is not None and form.session.date() < since and not form.state.submitted:
        return None  # from before the clinic kept track here: not known to be owed
    return form


def summary_words(forms: list[MonitoringForm]) -> str:
    """"5 forms to send · 2 overdue", "Every form is sent." (the list's line, on screen and on paper)."""
    owed = [form for form in forms if not form.state.submitted]
    if not owed:
        return "Every form is sent."
    overdue = sum(form.state.overdue for form in owed)
    text = "1 form to send" if len(owed) == 1 else f"{len(owed)} forms to send"
    return f"{text} · {overdue} overdue" if overdue else text


def forms_overdue(actor: Actor, today: dt.date | None = None) -> int:
    """How many owed forms are past their seven days (for the status bar)."""
    return sum(form.state.overdue for form in monitoring_forms(actor, today=today))


def mark_sent(actor: Actor, appointment_id: int, reference: str = "") -> None:
    """Record that the session's monitoring form was sent (by `actor`, now), with the site's reference."""
    require(actor, "rems.forms")
    reference = clean_reference(reference)
    with database_proxy.atomic():
        row = _session(appointment_id)
        if not needs_form(ESKETAMINE, row.flow, row.outcome):
            raise RemsFormError(f"appointment {appointment_id}: the session did not take place, no form is due")
        if row.submitted_utc is not None or not rems_repo.add_form(appointment_id, actor.username, reference):
            raise RemsFormError(f"appointment {appointment_id}: its form is already marked sent")
        audit.record(actor, "rems.form_sent", entity="appointment", entity_id=appointment_id,
                     patient_id=row.patient_id)


def unmark_sent(actor: Actor, appointment_id: int) -> None:
    """Take back a form marked sent by mistake: it is owed again."""
    require(actor, "rems.forms")
    with database_proxy.atomic():
        row = _session(appointment_id)
        if not rems_repo.remove_form(appointment_id):
            raise RemsFormError(f"appointment {appointment_id}: no form is marked sent")
        audit.record(actor, "rems.form_unsent", entity="appointment", entity_id=appointment_id,
                     patient_id=row.patient_id)


def tracking_since() -> dt.date | None:
    """The clinic-local day from which forms are tracked."""
    return rems_repo.tracking_since()


def track_from(actor: Actor, day: dt.date, today: dt.date | None = None) -> None:
    """An admin moves the day tracking starts (say, back to the first session since the last form the
    clinic sent by hand): sessions from `day` on are listed as owed until marked. Not in the future."""
    require(actor, "settings.change")
    today = today or now_local(clinic_repo.load_profile().tz).date()
    if day > today:
        raise RemsFormError(f"track from: {day:%Y-%m-%d} is in the future")
    with database_proxy.atomic():
        rems_repo.set_tracking_since(day)
        audit.record(actor, "settings.rems_forms_since", entity="setting", entity_id="rems_forms_since",
                     detail=day.isoformat())


DEMO_TRACKED_DAYS = 28


def add_demo_forms(today: dt.date | None = None) -> int:
    """The demo clinic has tracked forms for four weeks: nearly all were sent a day to three after the
    session; a few slipped (overdue now), and the last three days' are still to send."""
    tz = clinic_repo.load_profile().tz
    today = today or now_local(tz).date()
    rems_repo.set_tracking_since(today - dt.timedelta(days=DEMO_TRACKED_DAYS))
    sent = 0
    with database_proxy.atomic():
        for number, form in enumerate(monitoring_forms(SYSTEM_ACTOR, today=today)):
            days_since = (today - form.session.date()).days
            if days_since <= 3 or number % 25 == 7:
                continue
            when = form.session + dt.timedelta(days=1 + number % 3)
            rems_repo.add_form(form.appointment_id, "nurse", f"DEMO-{form.appointment_id:05d}",
                               when.astimezone(dt.UTC).replace(tzinfo=None))
            sent += 1
    return sent


def _session(appointment_id: int) -> rems_repo.SessionRow:
    row = rems_repo.esketamine_session(appointment_id)
    if row is None:
        raise RemsFormError(f"appointment {appointment_id}: no such esketamine session")
    return row


__all__ = ["MonitoringForm", "RemsFormError", "add_demo_forms", "form_of", "forms_overdue", "mark_sent",
           "monitoring_forms", "track_from", "tracking_since",
           "unmark_sent"]
