"""The command-line interface: ``resonanz --help``."""

from resonanz.cli import comments, demo, detector, disclosure, vetting  # noqa: F401  (registers the commands)
from resonanz.cli.main import app

__all__ = ["app"]
