"""Who am I: the role and station of the presented key, for pages and agents that hold only a key.

A scanning station is configured with one secret; the station id it must send
with each upload is the one its key was issued for, so it asks instead of
being told twice (and cannot be told wrong).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.deps import principal, roles_doc
from api.errors import responses
from api.keys import Principal
from api.models import MeOut
from store.access import ROLES

router = APIRouter(prefix="/v1", tags=["keys"])


@router.get(
    "/me",
    response_model=MeOut,
    summary="The presented key's role and station",
    description="Any valid key: its role, its name, and for a station key the station it uploads for.",
    responses=responses(401),
    openapi_extra=roles_doc(*ROLES),
)
def who_am_i(me: Annotated[Principal, Depends(principal)]) -> MeOut:
    return MeOut(role=me.role, name=me.name, station=me.station)  # type: ignore[arg-type]
