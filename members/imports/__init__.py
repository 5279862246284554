"""The kinds of record the members app imports and exports (design §6).

Registered with `core.imports` when the apps are ready: members (one row per membership),
committee (seats), commendations.
"""

from . import committees, people  # noqa: F401 (registers the kinds)
