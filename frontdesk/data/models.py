"""peewee models: one table each. Instants are stored as naive UTC date-times (`*_utc`)."""

from __future__ import annotations

import datetime as dt
import logging

import peewee as pw

from frontdesk.data.database import database_proxy

# SQL parameters hold patient data: peewee's query log never reaches a log file (DOMAIN.md "Privacy").
logging.getLogger("peewee").setLevel(logging.WARNING)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class SchemaMigration(BaseModel):
    """Which numbered migrations this database has run."""

    number = pw.IntegerField(primary_key=True)
    name = pw.CharField()
    applied_utc = pw.DateTimeField(default=utcnow)


class Setting(BaseModel):
    """Clinic-wide settings as JSON values (the clinic profile lives under key 'clinic')."""

    key = pw.CharField(primary_key=True)
    value = pw.TextField()


class Chair(BaseModel):
    name = pw.CharField(unique=True)
    position = pw.IntegerField(default=0)
    in_service = pw.BooleanField(default=True)


class AppointmentType(BaseModel):
    code = pw.CharField(unique=True)
    name = pw.CharField(unique=True)
    kind = pw.CharField()  # consult | iv_mood | iv_pain | esketamine
    prep_minutes = pw.IntegerField(default=0)
    treatment_minutes = pw.IntegerField()
    recovery_minutes = pw.IntegerField(default=0)
    turnover_minutes = pw.IntegerField(default=0)
    needs_chair = pw.BooleanField(default=True)
    colour = pw.CharField(default="#6a8caf")
    food_cutoff_minutes = pw.IntegerField(null=True)
    liquid_cutoff_minutes = pw.IntegerField(null=True)
    series_default_count = pw.IntegerField(default=1)
    series_min_days = pw.IntegerField(default=1)
    active = pw.BooleanField(default=True)
    position = pw.IntegerField(default=0)


class User(BaseModel):
    username = pw.CharField(unique=True)
    full_name = pw.CharField(default="")
    role = pw.CharField()  # desk | clinical | admin
    password_hash = pw.CharField()
    failed_attempts = pw.IntegerField(default=0)
    locked_until_utc = pw.DateTimeField(null=True)
    active = pw.BooleanField(default=True)
    created_utc = pw.DateTimeField(default=utcnow)


class Patient(BaseModel):
    chart_number = pw.CharField(unique=True)
    legal_first = pw.CharField()
    legal_last = pw.CharField()
    preferred_name = pw.CharField(default="")
    # Lower-case, accent-free "first last preferred" for search (see rules.text.fold).
    search_name = pw.CharField(default="", index=True)
    date_of_birth = pw.DateField(null=True, index=True)
    sex = pw.CharField(default="")
    pronouns = pw.CharField(default="")
    language = pw.CharField(default="en")
    interpreter_needed = pw.BooleanField(default=False)
    email = pw.CharField(default="")
    address_line1 = pw.CharField(default="")
    address_line2 = pw.CharField(default="")
    city = pw.CharField(default="")
    state = pw.CharField(default="")
    postal_code = pw.CharField(default="")
    preferred_contact = pw.CharField(default="phone")  # phone | text | email | mail
    ok_voicemail = pw.BooleanField(default=False)
    ok_text = pw.BooleanField(default=False)
    contact_restriction = pw.TextField(default="")  # "contact only by ..." as the patient asked
    alternate_contact = pw.TextField(default="")
    emergency_name = pw.CharField(default="")
    emergency_relationship = pw.CharField(default="")
    emergency_phone = pw.CharField(default="")
    driver_name = pw.CharField(default="")
    driver_relationship = pw.CharField(default="")
    driver_phone = pw.CharField(default="")
    desk_notes = pw.TextField(default="")
    archived = pw.BooleanField(default=False, index=True)
    merged_into = pw.ForeignKeyField("self", null=True, backref="merged_from", on_delete="SET NULL")
    created_utc = pw.DateTimeField(default=utcnow)
    updated_utc = pw.DateTimeField(default=utcnow)


class PatientPhone(BaseModel):
    patient = pw.ForeignKeyField(Patient, backref="phones", on_delete="CASCADE")
    number_e164 = pw.CharField()
    # The national digits (8285550123) for search by any part of the number.
    digits = pw.CharField(index=True)
    extension = pw.CharField(default="")
    kind = pw.CharField(default="mobile")  # mobile | home | work
    is_primary = pw.BooleanField(default=False)


class CareTeamMember(BaseModel):
    patient = pw.ForeignKeyField(Patient, backref="care_team", on_delete="CASCADE")
    role = pw.CharField()  # referring | psychiatrist | therapist | primary_care
    name = pw.CharField()
    practice = pw.CharField(default="")
    phone = pw.CharField(default="")
    fax = pw.CharField(default="")


class Series(BaseModel):
    """A planned treatment series; each session is its own Appointment pointing here."""

    patient = pw.ForeignKeyField(Patient, backref="series", on_delete="CASCADE")
    type = pw.ForeignKeyField(AppointmentType, on_delete="RESTRICT")
    planned_count = pw.IntegerField()
    min_days = pw.IntegerField(default=1)  # booking: spacing asked for when it was planned
    max_per_week = pw.IntegerField(null=True)
    note = pw.TextField(default="")
    created_utc = pw.DateTimeField(default=utcnow)


class Appointment(BaseModel):
    patient = pw.ForeignKeyField(Patient, backref="appointments", on_delete="RESTRICT")
    type = pw.ForeignKeyField(AppointmentType, on_delete="RESTRICT")
    chair = pw.ForeignKeyField(Chair, null=True, backref="appointments", on_delete="RESTRICT")
    series = pw.ForeignKeyField(Series, null=True, backref="sessions", on_delete="SET NULL")
    series_index = pw.IntegerField(null=True)
    # The whole chair time (prep + treatment + recovery + turnover), as UTC instants.
    start_utc = pw.DateTimeField(index=True)
    end_utc = pw.DateTimeField(index=True)
    flow = pw.CharField(default="booked")  # booked | arrived | in_chair | recovery | discharged
    outcome = pw.CharField(null=True)  # None | completed | cancelled | no_show
    cancelled_by = pw.CharField(null=True)  # patient | clinic
    late_cancel = pw.BooleanField(default=False)
    cancel_reason = pw.TextField(default="")
    notes = pw.TextField(default="")
    override_note = pw.TextField(default="")  # soft limits overridden at booking, and by whom
    created_utc = pw.DateTimeField(default=utcnow)
    created_by = pw.CharField(default="")
    updated_utc = pw.DateTimeField(default=utcnow)

    class Meta:
        # A patient's appointments in time order, with what the booster reminders ask of each: read from
        # the index alone (migration 70 put it in place of the (patient, start_utc) one it extends).
        indexes = ((("chair", "start_utc"), False), (("patient", "start_utc", "outcome", "series"), False))


class AppointmentEvent(BaseModel):
    """Append-only history of an appointment: booked, moved, each flow step, cancelled."""

    appointment = pw.ForeignKeyField(Appointment, backref="events", on_delete="CASCADE")
    kind = pw.CharField()
    at_utc = pw.DateTimeField(default=utcnow)
    user = pw.CharField(default="")
    detail = pw.TextField(default="")


class Block(BaseModel):
    """Time nobody can book: a chair out of service (chair set) or the clinic closed (chair null)."""

    chair = pw.ForeignKeyField(Chair, null=True, backref="blocks", on_delete="CASCADE")
    start_utc = pw.DateTimeField(index=True)
    end_utc = pw.DateTimeField()
    kind = pw.CharField()  # out_of_service | closed | lunch | prescriber_away (no chair held: values.BlockedTime)
    reason = pw.CharField(default="")


class WaitlistEntry(BaseModel):
    patient = pw.ForeignKeyField(Patient, backref="waitlist", on_delete="CASCADE")
    type = pw.ForeignKeyField(AppointmentType, on_delete="RESTRICT")
    note = pw.TextField(default="")
    created_utc = pw.DateTimeField(default=utcnow)
    active = pw.BooleanField(default=True)


class Intake(BaseModel):
    """One submitted version of a patient's intake form; later versions never overwrite earlier ones."""

    patient = pw.ForeignKeyField(Patient, backref="intakes", on_delete="CASCADE")
    version = pw.IntegerField()
    status = pw.CharField(default="draft")  # draft | complete
    data = pw.TextField(default="{}")  # JSON answers by section
    entered_by = pw.CharField(default="")
    entered_utc = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("patient", "version"), True),)


class QuestionnaireResponse(BaseModel):
    patient = pw.ForeignKeyField(Patient, backref="questionnaires", on_delete="CASCADE")
    instrument = pw.CharField()  # phq9 | gad7 | nrs
    taken_on = pw.DateField()
    answers = pw.TextField()  # JSON list, null for a missing item
    total = pw.IntegerField(null=True)
    band = pw.CharField(null=True)
    entered_by = pw.CharField(default="")
    entered_utc = pw.DateTimeField(default=utcnow)


class Flag(BaseModel):
    """Something clinical staff must see; only a person clears it (reviewed_by/at)."""

    patient = pw.ForeignKeyField(Patient, backref="flags", on_delete="CASCADE")
    kind = pw.CharField()  # urgent_self_harm | clinician_review | discuss_medications | rems_enrolment
    detail = pw.TextField(default="")
    source = pw.CharField(default="")
    raised_utc = pw.DateTimeField(default=utcnow)
    reviewed_by = pw.CharField(null=True)
    reviewed_utc = pw.DateTimeField(null=True)


class Consent(BaseModel):
    patient = pw.ForeignKeyField(Patient, backref="consents", on_delete="CASCADE")
    form = pw.CharField()  # treatment | privacy | financial | communication | rems
    form_version = pw.CharField()
    signer = pw.CharField()
    signed_on = pw.DateField()
    signature = pw.TextField(default="")  # typed name or an SVG path of a drawn signature
    entered_by = pw.CharField(default="")
    entered_utc = pw.DateTimeField(default=utcnow)


class RemsMonitoringForm(BaseModel):
    """An esketamine session's REMS patient monitoring form, marked sent: one per appointment."""

    appointment = pw.ForeignKeyField(Appointment, unique=True, backref="rems_form", on_delete="CASCADE")
    submitted_utc = pw.DateTimeField(default=utcnow)
    submitted_by = pw.CharField(default="")
    reference = pw.CharField(default="")  # the confirmation the REMS site gave, if the desk typed it


class ContactAttempt(BaseModel):
    """A try at reaching a patient to confirm a booking: append-only, the latest about its start decides."""

    appointment = pw.ForeignKeyField(Appointment, backref="contact_attempts", on_delete="CASCADE")
    for_start_utc = pw.DateTimeField()  # the booked start the attempt was about (a later move asks again)
    at_utc = pw.DateTimeField(default=utcnow)
    user = pw.CharField(default="")
    method = pw.CharField()  # call | text | email
    outcome = pw.CharField()  # confirmed | message | no_answer | wrong_number | wants_change
    note = pw.CharField(default="")

    class Meta:
        indexes = ((("appointment", "at_utc"), False),)


class RebookClosed(BaseModel):
    """A missed or cancelled visit the desk will not book again (the patient stops, or goes elsewhere):
    it leaves the rebook list. One per appointment."""

    appointment = pw.ForeignKeyField(Appointment, unique=True, backref="rebook_closed", on_delete="CASCADE")
    at_utc = pw.DateTimeField(default=utcnow)
    user = pw.CharField(default="")
    reason = pw.CharField(default="")


class PickupCall(BaseModel):
    """A call to the driver of a patient being treated or in recovery: append-only; "told" settles it."""

    appointment = pw.ForeignKeyField(Appointment, backref="pickup_calls", on_delete="CASCADE")
    at_utc = pw.DateTimeField(default=utcnow)
    user = pw.CharField(default="")
    outcome = pw.CharField()  # told | no_answer | message
    note = pw.CharField(default="")
    ready_utc = pw.DateTimeField(null=True)  # "told": when the patient was to be ready, as the driver was told

    class Meta:
        indexes = ((("appointment", "at_utc"), False),)


class AuditEntry(BaseModel):
    """Append-only, hash-chained trail of views, changes, prints and sign-ins."""

    at_utc = pw.DateTimeField(default=utcnow, index=True)
    user = pw.CharField(default="")
    action = pw.CharField()
    entity = pw.CharField(default="")
    entity_id = pw.CharField(default="")
    patient_id = pw.IntegerField(null=True, index=True)
    detail = pw.TextField(default="")
    prev_hash = pw.CharField(default="")
    hash = pw.CharField(default="")


class AuditHead(BaseModel):
    """The end of the audit chain (one row): appenders lock it first, so two processes chain in turn."""

    id = pw.IntegerField(primary_key=True)
    count = pw.IntegerField(default=0)
    last_hash = pw.CharField(default="")


ALL_MODELS: list[type[BaseModel]] = [
    SchemaMigration,
    Setting,
    Chair,
    AppointmentType,
    User,
    Patient,
    PatientPhone,
    CareTeamMember,
    Series,
    Appointment,
    AppointmentEvent,
    Block,
    WaitlistEntry,
    Intake,
    QuestionnaireResponse,
    Flag,
    Consent,
    RemsMonitoringForm,
    ContactAttempt,
    RebookClosed,
    PickupCall,
    AuditEntry,
    AuditHead,
]
