"""Request dependencies: the database session, the caller's key and its role.

Each operation names the roles it admits with ``allow(...)``; the roles are
also written into the OpenAPI document (``x-roles``) so an integrator reads
who may call what, and the tests walk the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.errors import ApiError
from api.keys import Principal, authenticate
from kernel import logcontext
from kernel.settings import Settings
from store.db import session_scope

_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer <key>`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The key in `X-API-Key`.")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: committed when the operation returns, rolled back when it raises."""
    with session_scope(get_settings(request)) as session:
        yield session


DB = Annotated[Session, Depends(get_session)]
AppSettings = Annotated[Settings, Depends(get_settings)]


def presented_key(
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_header)],
) -> str | None:
    """The key the caller sent (``Authorization: Bearer`` first, else ``X-API-Key``), if any."""
    return bearer.credentials if bearer is not None else header_key


PresentedKey = Annotated[str | None, Depends(presented_key)]


def principal(session: DB, presented: PresentedKey) -> Principal:
    """Who the presented key belongs to; 401 without a key or with an unknown or revoked one."""
    if not presented:
        raise ApiError(
            401,
            "unauthorized",
            "An API key is required (Authorization: Bearer <key>, or X-API-Key).",
            headers={"WWW-Authenticate": "Bearer"},
        )
    found = authenticate(session, presented)
    if found is None:
        raise ApiError(401, "unauthorized", "The API key is unknown or revoked.")
    logcontext.add(role=found.role, station=found.station, key_id=found.key_id)
    return found


def allow(*roles: str) -> Callable[..., Principal]:
    """A dependency admitting only keys with one of ``roles`` (403 for the others)."""

    def check(principal: Annotated[Principal, Depends(principal)]) -> Principal:
        if principal.role not in roles:
            raise ApiError(
                403,
                "forbidden",
                f"A {principal.role} key may not do this; it needs a {' or '.join(roles)} key.",
            )
        return principal

    check.roles = roles  # type: ignore[attr-defined]
    return check


def roles_doc(*roles: str) -> dict[str, Any]:
    """``openapi_extra`` naming the roles an operation admits."""
    return {"x-roles": list(roles)}


def commit(session: Session) -> None:
    """Commit now, before answering: the answer means stored (and a lost race is a 412, see api.errors)."""
    session.commit()


# Integer ids in paths fit a 32-bit column; larger numbers are a 422, not a database overflow.
IntId = Annotated[int, Path(ge=1, le=2_147_483_647)]
