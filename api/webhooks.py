"""Webhooks on approval: signed with HMAC-SHA256, stored first, delivered and retried with backoff.

A delivery row is written in the same transaction as the approval, so an
approval is never lost between the database and the network; a small
background sender (one thread per API process) posts due rows and reschedules
failures at 10 s, 20 s, 40 s … up to an hour, giving up after ``MAX_ATTEMPTS``.
The body carries ids only: the integration reads the filing through the
audited export endpoint. Receivers verify
``X-Filingdesk-Signature: sha256=<hex of HMAC(secret, "<timestamp>.<body>")>``
with ``X-Filingdesk-Timestamp`` and drop stale timestamps to stop replays.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from kernel.settings import Settings
from store.access import Webhook, WebhookDelivery
from store.db import session_scope

log = logging.getLogger("api.webhooks")

MAX_ATTEMPTS = 8
EVENT_APPROVED = "filing.approved"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (used by the tests, and documented for integrators)."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 10 * 2 ** max(0, attempts - 1)))


def enqueue_approval(session: Session, filing_id: str, version: int, who: str, at: datetime) -> int:
    """A pending delivery per active webhook, in the caller's transaction; returns how many."""
    hooks = list(session.scalars(select(Webhook).where(Webhook.active.is_(True))))
    payload = {
        "event": EVENT_APPROVED,
        "filing_id": filing_id,
        "version": version,
        "approved_by": who,
        "approved_at": at.isoformat(),
        "export_url": "/v1/export/filings",
    }
    for hook in hooks:
        session.add(
            WebhookDelivery(webhook_id=hook.id, event=EVENT_APPROVED, filing_id=filing_id, payload=payload)
        )
    return len(hooks)


def deliver_due(
    settings: Settings, *, now: datetime | None = None, client: httpx.Client | None = None
) -> int:
    """Post every due delivery once; returns how many were delivered."""
    now = now or datetime.now(UTC)
    own = client is None
    http = client or httpx.Client(timeout=10.0)
    delivered = 0
    try:
        with session_scope(settings) as session:
            due = list(
                session.scalars(
                    select(WebhookDelivery)
                    .where(WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= now)
                    .order_by(WebhookDelivery.id)
                    .limit(100)
                    .with_for_update(skip_locked=True)  # two API processes never post the same row at once
                )
            )
            for delivery in due:
                hook = session.get(Webhook, delivery.webhook_id)
                if hook is None or not hook.active:
                    delivery.state, delivery.last_error = "failed", "webhook removed"
                    continue
                delivered += _attempt(http, hook, delivery, now)
    finally:
        if own:
            http.close()
    return delivered


def _attempt(http: httpx.Client, hook: Webhook, delivery: WebhookDelivery, now: datetime) -> int:
    body = json.dumps(
        {**delivery.payload, "delivery_id": delivery.id}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "X-Filingdesk-Event": delivery.event,
        "X-Filingdesk-Delivery": str(delivery.id),
        "X-Filingdesk-Timestamp": timestamp,
        "X-Filingdesk-Signature": sign(hook.secret, timestamp, body),
    }
    delivery.attempts += 1
    try:
        response = http.post(hook.url, content=body, headers=headers)
        error = None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"
    if error is None:
        delivery.state, delivery.delivered_at, delivery.last_error = "delivered", now, None
        return 1
    delivery.last_error = error[:2000]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = "failed"
        log.warning("webhook %s: delivery %s given up: %s", hook.id, delivery.id, error)
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    return 0


class WebhookSender:
    """Background thread of the API process: delivers due webhooks, woken early after approvals."""

    def __init__(self, settings: Settings, interval: float = 5.0) -> None:
        self.settings, self.interval = settings, interval
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="webhook-sender", daemon=True)
        self._thread.start()

    def kick(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=15)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                deliver_due(self.settings)
            except Exception:  # a broken database must not kill the sender for good
                log.exception("webhook sender pass failed")
                time.sleep(1.0)
            self._wake.wait(self.interval)
            self._wake.clear()


def kick(state: Any) -> None:
    """Wake the app's sender, if it runs (the app state holds it while serving)."""
    sender = getattr(state, "webhook_sender", None)
    if isinstance(sender, WebhookSender):
        sender.kick()
