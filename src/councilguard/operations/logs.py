"""Logs a machine can read (COUNCILGUARD_LOG_FORMAT=json): one JSON object a line, one line per
request and per job, each with a request id that every other line written meanwhile carries.

What a line holds is chosen so that it carries no personal data and no secret (UK GDPR
data minimisation; DESIGN 10): the URL *pattern* a request matched, never its path (a password
reset link holds a token in its path) or query string (searches hold names); the council's
short name, never the user, their e-mail address or their IP address; for a job, its task
name and outcome, never its arguments or return value (which name councils and people).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
import traceback
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings

request_id: ContextVar[str] = ContextVar("request_id", default="")
logger = logging.getLogger("councilguard.requests")
job_logger = logging.getLogger("councilguard.jobs")
# An id given by the reverse proxy (X-Request-ID) is kept when it looks like one, so a line
# here can be matched with the proxy's; anything else is replaced rather than logged.
GIVEN_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
FIELDS = ("event", "method", "route", "view", "council", "status", "duration_ms", "task", "job_id")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = getattr(record, "request_id", None) or request_id.get()
        if current:
            line["request_id"] = current
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info)).strip()
        return json.dumps(line, default=str)


class RequestLogMiddleware:
    """Give each request an id (also sent back as X-Request-ID) and, with JSON logs on, log one
    line when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        current = given if GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(current)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = current
            if settings.LOG_JSON:
                self._log(request, response.status_code, started)
            return response
        except Exception:
            if settings.LOG_JSON:
                self._log(request, 500, started)
            raise
        finally:
            request_id.reset(token)

    def _log(self, request, status: int, started: float) -> None:
        match = getattr(request, "resolver_match", None)
        # (No match: a middleware answered before routing, e.g. a redirect to sign in.)
        route = f"/{match.route}" if match is not None else "(before routing)"
        level = logging.ERROR if status >= 500 else logging.INFO
        logger.log(
            level,
            "%s %s %s",
            request.method,
            route,
            status,
            extra={
                "event": "request",
                "method": request.method,
                "route": route,
                "view": match.view_name if match is not None else None,
                "council": (match.kwargs.get("council") if match is not None else None),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )


_job_started: dict[str, tuple[float, object]] = {}


def _job_started_handler(sender, task_result, **kwargs) -> None:
    if not settings.LOG_JSON:
        return
    job_id = str(task_result.id)
    _job_started[job_id] = (time.perf_counter(), request_id.set(uuid.uuid4().hex))


def _job_finished_handler(sender, task_result, **kwargs) -> None:
    if not settings.LOG_JSON:
        return
    job_id = str(task_result.id)
    started, token = _job_started.pop(job_id, (None, None))
    status = str(getattr(task_result.status, "value", task_result.status))
    task = task_result.task.module_path
    job_logger.log(
        logging.ERROR if status == "FAILED" else logging.INFO,
        "job %s %s",
        task,
        status.lower(),
        extra={
            "event": "job",
            "task": task,
            "job_id": job_id,
            "status": status.lower(),
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        },
    )
    if token is not None:
        # (Set in another context, the next job sets its own.)
        with contextlib.suppress(ValueError):
            request_id.reset(token)


def connect_job_signals() -> None:
    """One line per job, with a request id for the lines the job writes (JSON logs only)."""
    from django_tasks.signals import task_finished, task_started

    task_started.connect(_job_started_handler, dispatch_uid="councilguard-job-started")
    task_finished.connect(_job_finished_handler, dispatch_uid="councilguard-job-finished")
