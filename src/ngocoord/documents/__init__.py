"""Rendering documents: Jinja templates, output files, PDF and Word."""
