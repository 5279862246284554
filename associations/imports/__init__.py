"""The kinds of record the associations app imports and exports (design §6).

Registered with `core.imports` when the apps are ready: unions, terms, societies, activities.
The engine itself (columns, problems, service, exports) is `core.imports`.
"""

from . import societies, unions  # noqa: F401 (registers the kinds)
