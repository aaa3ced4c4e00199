"""Staff writes outside submissions: the adjustment service lives in the ledger area now."""

from partnercenter.ledger.adjustments import MAX_ADJUSTMENT, adjustment_post

__all__ = ["MAX_ADJUSTMENT", "adjustment_post"]
