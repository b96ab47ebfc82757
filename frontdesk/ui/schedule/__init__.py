"""The chair board screen."""
