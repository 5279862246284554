"""Portal pages of contests; judging's pages are in `contests/judging_views.py`."""
