"""reportlab documents: data in, PDF bytes out (the only layer that imports reportlab)."""
