"""Front desk: the daily chair schedule, patient contacts, intake and pre-visit sheets of a small
ketamine infusion clinic."""

__version__ = "0.1.0"
APP_NAME = "Front desk"
USER_ENV, PASSWORD_ENV = "FRONTDESK_USER", "FRONTDESK_PASSWORD"  # sign in without a dialog
