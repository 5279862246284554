"""Route × role rows of the reports pages (see tests/route_matrix.py for the contract)."""

from .matrix_narrative import FORGED_POSTS, ROWS, records, state

__all__ = ["FORGED_POSTS", "ROWS", "records", "state"]
