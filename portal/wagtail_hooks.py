"""Wagtail admin hooks of the site core (several modules of portal register here)."""
