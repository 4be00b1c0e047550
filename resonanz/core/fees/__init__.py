"""Fair fees: a low / fair / high EUR range per account and deliverable, with reasons."""

from resonanz.core.fees.fee import FEE_COLUMNS, FeeResult, fee_frame, fee_result
from resonanz.core.fees.settings import DELIVERABLES, FeeSettings

__all__ = ["DELIVERABLES", "FEE_COLUMNS", "FeeResult", "FeeSettings", "fee_frame", "fee_result"]
