"""Pure domain rules: plain Python, no Qt, no peewee, no reportlab."""
