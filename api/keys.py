"""API keys: high-entropy random secrets, stored only as their sha256, with a role.

A key is 32 random bytes, so a plain sha256 is enough (nothing to brute-force,
unlike a password) and lets the lookup be one indexed equality. The final
comparison uses ``hmac.compare_digest`` so a partial match leaks no timing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.access import ROLES, ApiKey, AuditEntry

KEY_PREFIX = "fdk_"


@dataclass(frozen=True)
class Principal:
    """The caller behind a request, as far as authorization cares."""

    key_id: int
    name: str
    role: str
    station: str | None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, *, role: str, name: str, station: str | None = None) -> tuple[ApiKey, str]:
    """Store a new key and return it with the plain key, which is never stored or shown again."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if role == "station" and not station:
        raise ValueError("a station key needs the station id it uploads for (--station)")
    plain = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        name=name or f"{role}-{plain[4:10]}",
        role=role,
        station=station or None,
        key_hash=hash_key(plain),
        prefix=plain[:10],
    )
    session.add(row)
    session.flush()
    return row, plain


def authenticate(session: Session, presented: str) -> Principal | None:
    """The principal for a presented key, or ``None`` when it is unknown or revoked."""
    if not presented or len(presented) > 200:
        return None
    digest = hash_key(presented)
    row = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest)).first()
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.key_hash, digest):
        return None
    return Principal(key_id=row.id, name=row.name, role=row.role, station=row.station)


def revoke_key(session: Session, key_id: int) -> bool:
    """Revoke a key; False when there is no such key."""
    row = session.get(ApiKey, key_id)
    if row is None:
        return False
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
    return True


def audit(session: Session, who: Principal, action: str, target: str, detail: dict[str, Any]) -> None:
    """One audit-log line for what ``who`` did to ``target`` (same transaction as the deed)."""
    session.add(
        AuditEntry(
            key_id=who.key_id, actor=who.name, role=who.role, action=action, target=target, detail=detail
        )
    )
