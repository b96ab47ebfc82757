"""Intake screens: intake form, questionnaire entry, scores chart, needs-attention list, flag review."""
