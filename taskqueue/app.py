"""The Celery application, built from settings: Redis in production, in-process when embedded.

There is one code path: with no broker configured the same tasks run eagerly
inside the calling process, so a single-station install needs neither Redis
nor a worker (``filingdesk serve`` goes one step further and runs a worker on
a SQLite-file broker, see ``embedded_broker_url``). Task state lives in the
database (``task`` table), so no result backend is configured. Only JSON
crosses the broker: task arguments are ids.
"""

from __future__ import annotations

from celery import Celery

from kernel.settings import Settings

APP_NAME = "filingdesk"
REDIS_SCHEMES = ("redis://", "rediss://", "redis+socket://")


def embedded_broker_url(settings: Settings) -> str:
    """A broker in a SQLite file next to the embedded database: no server to run or secure."""
    path = (settings.home / "broker.sqlite").resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqla+sqlite:///{path}"


def transport_options(settings: Settings) -> dict[str, int]:
    """Redis redelivery: how long a taken task may stay unacknowledged, and how often to look.

    kombu scans for overdue tasks every ``interval * throttle`` seconds (100 s by
    default); with a short visibility timeout it must look more often. Other
    transports (the embedded SQLite broker) take no such options.
    """
    if not settings.broker_url.startswith(REDIS_SCHEMES):
        return {}
    visibility_timeout = settings.broker_visibility_timeout
    interval = max(1, min(10, visibility_timeout // 4))
    return {
        "visibility_timeout": visibility_timeout,
        "unacked_restore_interval": interval,
        "unacked_restore_throttle": 1 if visibility_timeout < 400 else 10,
    }


def make_celery(settings: Settings) -> Celery:
    """A configured Celery app with the filingdesk tasks registered."""
    app = Celery(APP_NAME, broker=settings.broker_url or "memory://", include=["taskqueue.tasks"])
    app.conf.update(
        # Redis: a task taken by a worker that vanished (power cut, SIGKILL of the whole
        # worker) comes back after this many seconds; a killed pool child is requeued at once.
        broker_transport_options=transport_options(settings),
        task_default_queue="filingdesk",
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        result_backend=None,
        task_ignore_result=True,
        task_acks_late=True,  # a task is acknowledged only after it finished ...
        task_reject_on_worker_lost=True,  # ... and redelivered if the worker died mid-way
        worker_prefetch_multiplier=1,  # OCR tasks are long: do not hoard them on one worker
        task_always_eager=not settings.broker_url,
        task_eager_propagates=False,  # eager retries only work without propagation; tasks never raise
        broker_connection_retry_on_startup=True,
        timezone="UTC",
    )
    app.filingdesk_settings = settings  # read by the tasks
    import taskqueue.tasks  # noqa: F401  - registers the shared tasks on this app

    app.finalize(auto=True)
    return app


def app_settings(app: Celery) -> Settings:
    """The settings an app was made with (the environment's when made elsewhere, e.g. by ``celery -A``)."""
    settings = getattr(app, "filingdesk_settings", None)
    if isinstance(settings, Settings):
        return settings
    from kernel.settings import get_settings

    return get_settings()
