"""The one place that decides who may do what (design §4). Deny by default.

Every view asks these functions; querysets are scoped here before anything else touches them, so a
record outside the user's reach is a 404, never a 200. `base` holds the roles (`access_for`) and
the registry's rules; each area's rules are in their own module, all reached as
`associations.permissions.<name>`.
"""

from .base import *  # noqa: F403
from .base import _descendants, _union_tree  # noqa: F401
from .consultations import *  # noqa: F403
from .contests import *  # noqa: F403
from .personal_data import *  # noqa: F403
from .reports import *  # noqa: F403
from .submissions import *  # noqa: F403
