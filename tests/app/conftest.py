"""Use cases are exercised through the faces as well: the web app on each database."""

from tests.planner.conftest import book  # noqa: F401  (the sessions as shipped)
from tests.web.conftest import client  # noqa: F401  (the fixture, shared)
