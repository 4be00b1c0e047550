"""``python -m resonanz`` runs the command line."""

from resonanz.cli import app

app()
