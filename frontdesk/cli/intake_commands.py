"""Intake commands: open flags, a flag's review, readiness for a day, the intake summary PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from frontdesk.cli.common import CliError, acting_user, add_db_option, open_db, print_json


def register(subparsers: Any) -> None:
    flags = subparsers.add_parser("flags", help="open flags clinical staff must see (urgent first)")
    add_db_option(flags)
    flags.add_argument("--patient", type=int, metavar="ID", help="only this patient's flags")
    flags.add_argument("--json", action="store_true", help="print JSON")
    flags.set_defaults(handler=_flags)

    review = subparsers.add_parser("review-flag", help="mark a flag reviewed (clinical or admin users)")
    add_db_option(review)
    review.add_argument("flag_id", type=int, metavar="FLAG_ID")
    review.set_defaults(handler=_review)

    ready = subparsers.add_parser("readiness", help="what each appointment of a day still misses")
    add_db_option(ready)
    ready.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    ready.add_argument("--json", action="store_true", help="print JSON")
    ready.set_defaults(handler=_readiness)

    consent = subparsers.add_parser("consent-versions",
                                    help="the consent forms' current versions; --set FORM=VERSION changes one")
    add_db_option(consent)
    consent.add_argument("--set", metavar="FORM=VERSION", help="e.g. privacy=2026-1 (signers of older ones renew)")
    consent.add_argument("--json", action="store_true", help="print JSON")
    consent.set_defaults(handler=_consent_versions)

    forms = subparsers.add_parser("rems-forms", help="esketamine sessions whose REMS monitoring form is still "
                                                     "to be sent (due 7 days after); --mark ID records one sent")
    add_db_option(forms)
    forms.add_argument("--sent", action="store_true", help="also list the last month's forms already sent")
    action = forms.add_mutually_exclusive_group()
    action.add_argument("--mark", type=int, metavar="APPOINTMENT_ID", help="record that session's form as sent")
    action.add_argument("--unmark", type=int, metavar="APPOINTMENT_ID", help="take back a form marked sent by mistake")
    action.add_argument("--track-from", metavar="YYYY-MM-DD",
                        help="admins: list sessions from this day on as owed (tracking began when the clinic "
                             "upgraded)")
    forms.add_argument("--reference", default="", metavar="TEXT", help="with --mark: the REMS site's confirmation")
    forms.add_argument("-o", "--output", metavar="FILE.pdf",
                       help="write the list as a PDF to tick off (landscape; the print is audited)")
    forms.add_argument("--json", action="store_true", help="print JSON")
    forms.set_defaults(handler=_rems_forms)

    summary = subparsers.add_parser("intake-summary", help="a patient's intake summary as a PDF for the paper chart")
    add_db_option(summary)
    summary.add_argument("patient_id", type=int, metavar="PATIENT_ID")
    summary.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    summary.set_defaults(handler=_summary)

    paper = subparsers.add_parser("intake-form", help="the paper intake form a new patient fills in (blank, or "
                                                      "with a patient's name and contacts), English or Spanish")
    add_db_option(paper)
    paper.add_argument("--patient", type=int, metavar="PATIENT_ID", help="print it for this patient")
    paper.add_argument("--lang", choices=("en", "es"), help="default: the patient's language, else English")
    paper.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    paper.set_defaults(handler=_paper_form)


def _flags(args: argparse.Namespace) -> int:
    open_db(args)
    from frontdesk.data import intake_repo
    from frontdesk.rules.flag_kinds import listed_label
    from frontdesk.rules.text import display_name
    from frontdesk.services import flags

    actor = acting_user(args)
    by_patient = flags.open_flags([args.patient] if args.patient else None, actor)
    labels = intake_repo.patient_labels(by_patient)
    rows = []
    for pid, infos in by_patient.items():
        first, last, preferred, chart = labels.get(pid, ("", "", "", ""))
        for f in infos:
            rows.append({"id": f.id, "patient_id": pid, "patient": display_name(first, last, preferred),
                         "chart": chart, "kind": f.kind, "label": f.label, "urgent": f.urgent, "tell": f.tell,
                         "raised": f.raised_utc.isoformat() + "Z", "detail": f.detail})
    rows.sort(key=lambda r: (not r["urgent"], r["raised"], r["id"]))
    if args.json:
        print_json(rows)
    elif not rows:
        print("No open flags.")
    for r in [] if args.json else rows:
        detail = f" — {r['detail']}" if r["detail"] else ""
        print(f"#{r['id']:<5} {listed_label(str(r['label']), bool(r['urgent']))}: {r['patient']} ({r['chart']}). "
              f"{r['tell']}{detail}")  # "Urgent: clinician review" once, never "URGENT Urgent: …"
    return 0


def _review(args: argparse.Namespace) -> int:
    open_db(args)
    from frontdesk.services import flags

    info = flags.review(acting_user(args), args.flag_id)
    print(f"flag {info.id} reviewed by {info.reviewed_by}")
    return 0


def _readiness(args: argparse.Namespace) -> int:
    from frontdesk.rules.clock import parse_date

    try:
        day = parse_date(args.date)
    except ValueError as exc:
        raise CliError(f"--date: {exc}") from None
    open_db(args)
    from frontdesk.services import intake

    rows = intake.readiness_for_day(acting_user(args), day)
    if args.json:
        print_json([{"id": a.id, "patient": a.patient_name, "type": a.type.name, "chair": a.chair_name,
                     "start": a.start.replace(tzinfo=None).isoformat(timespec="minutes"),
                     "ready": not missing, "missing": missing} for a, missing in rows])
        return 0
    for a, missing in rows:
        state = "ready" if not missing else ", ".join(missing)
        print(f"{a.start:%H:%M} #{a.id:<5} {a.patient_name} — {a.type.name}: {state}")
    if not rows:
        print("No appointments.")
    return 0


def _consent_versions(args: argparse.Namespace) -> int:
    if args.set is not None and "=" not in args.set:
        raise CliError(f"--set: expected FORM=VERSION, got {args.set!r}")
    open_db(args)
    from frontdesk.rules.readiness import CONSENT_FORMS
    from frontdesk.services import intake

    if args.set is not None:
        form, version = (part.strip() for part in args.set.split("=", 1))
        intake.set_consent_version(acting_user(args), form, version)
    versions = intake.settings().consent_versions
    if args.json:
        print_json(versions)
    else:
        for form, label in CONSENT_FORMS.items():
            print(f"{form:<14} {versions[form]:<10} {label}")
    return 0


def _rems_forms(args: argparse.Namespace) -> int:
    if args.reference and args.mark is None:
        raise CliError("--reference: only with --mark")
    if args.output and (args.mark is not None or args.unmark is not None or args.track_from is not None
                        or args.json):
        raise CliError("--output: only to list the forms (not with --mark, --unmark, --track-from or --json)")
    if args.output:
        from frontdesk.services import printing

        target = printing.check_writable(args.output)  # before any work
        open_db(args)
        actor = acting_user(args)
        job = printing.rems_forms_job(actor=actor, include_sent=args.sent)
        print(printing.save_pdf(job, target, actor))
        return 0
    open_db(args)
    from frontdesk.services import rems

    actor = acting_user(args)
    if args.mark is not None:
        rems.mark_sent(actor, args.mark, args.reference)
        print(f"appointment {args.mark}: REMS monitoring form marked sent")
        return 0
    if args.unmark is not None:
        rems.unmark_sent(actor, args.unmark)
        print(f"appointment {args.unmark}: REMS monitoring form owed again")
        return 0
    if args.track_from is not None:
        from frontdesk.rules.clock import parse_date

        try:
            day = parse_date(args.track_from)
        except ValueError as exc:
            raise CliError(f"--track-from: {exc}") from None
        rems.track_from(actor, day)
        print(f"REMS monitoring forms are tracked from {day:%Y-%m-%d}")
        return 0
    forms = rems.monitoring_forms(actor, include_sent=args.sent)
    if args.json:
        print_json([{"id": f.appointment_id, "patient_id": f.patient_id, "patient": f.patient_name,
                     "chart": f.chart_number, "chair": f.chair_name or None,
                     "start": f.session.replace(tzinfo=None).isoformat(timespec="minutes"),
                     "due": f.due.isoformat(), "sent": f.state.submitted, "overdue": f.state.overdue,
                     "state": f.state.words, "reference": f.reference} for f in forms])
        return 0
    for f in forms:
        reference = f" (ref. {f.reference})" if f.reference else ""
        print(f"#{f.appointment_id:<5} {f.session:%a %d %b %H:%M}  {f.patient_name} ({f.chart_number}): "
              f"form due {f.due:%a %d %b}, {f.state.words}{reference}")
    if not forms:
        print("No REMS monitoring forms to send.")
    return 0


def _summary(args: argparse.Namespace) -> int:
    from frontdesk.services import intake

    output = _output(args)
    intake.save_summary(acting_user(args), args.patient_id, output)
    print(output)
    return 0


def _paper_form(args: argparse.Namespace) -> int:
    from frontdesk.services import intake

    output = _output(args)
    intake.save_paper_form(acting_user(args), args.patient, output, args.lang)
    print(output)
    return 0


def _output(args: argparse.Namespace) -> Path:
    """The database opened, and the -o file whose folder must exist."""
    open_db(args)
    output = Path(args.output).expanduser()
    if not output.parent.is_dir():
        raise CliError(f"-o: folder does not exist: {output.parent}")
    return output
