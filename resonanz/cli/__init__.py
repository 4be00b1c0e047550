"""The command-line interface: ``resonanz --help``."""

from resonanz.cli import (  # noqa: F401  (registers the commands)
    comments,
    demo,
    detector,
    disclosure,
    geo,
    vetting,
)
from resonanz.cli.main import app

__all__ = ["app"]
