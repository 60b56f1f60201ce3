"""What routes receive from the app: the practice log of the store the app was made with.

One local user today; hosted mode will pick the user here, and no route changes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from gethip.store.database import Store
from gethip.store.practices import PracticeLog


def practice_log(request: Request) -> PracticeLog:
    store: Store = request.app.state.store
    return PracticeLog(store)


Log = Annotated[PracticeLog, Depends(practice_log)]


def open_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


# For routes that reach the profile and the runs (each repository is made from the store).
StoreDep = Annotated[Store, Depends(open_store)]
