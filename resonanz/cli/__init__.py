"""The command-line interface: ``resonanz --help``."""

import resonanz.cli.advice  # registers the advise commands
import resonanz.cli.advocates  # registers the advocates and referrals commands
import resonanz.cli.discover  # registers the discover and lookalikes commands
import resonanz.cli.fee  # registers the fee command
import resonanz.cli.geo  # noqa: F401  (registers the geo commands)
import resonanz.cli.overlap as _overlap  # noqa: F401  (registers the overlap command)
import resonanz.cli.plan as _plan  # noqa: F401  (registers the plan command)
import resonanz.cli.serve as _serve  # noqa: F401  (registers the serve command)
import resonanz.cli.token as _token  # noqa: F401  (registers the token commands)
from resonanz.cli import comments, demo, detector, disclosure, vetting  # noqa: F401  (registers the commands)
from resonanz.cli.main import app

__all__ = ["app"]
