"""Preview, print and save the printed documents (QtPdf is imported only when one is shown)."""
