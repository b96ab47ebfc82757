"""The patients screen: search panel, patient record dialog, duplicates, merge and CSV import."""
