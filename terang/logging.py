"""Request ids in every log record, one JSON object per line on stdout for production, and error
reports to Sentry when SENTRY_DSN is set."""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed with `extra=` and is worth keeping.
STANDARD_RECORD_ATTRIBUTES = set(
    logging.LogRecord("", logging.INFO, "", 0, "", None, None).__dict__
) | {"message", "asctime", "request", "request_id", "server_time", "status_code", "taskName"}

# gunicorn's access log passes its atoms as a dict; these are the ones worth a named field.
GUNICORN_ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "h": "remote_addr",
    "a": "user_agent",
}


def current_request_id() -> str | None:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Gives every record a `request_id`: the current request's, or "-" outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            request_id = request_id_var.get()
            if request_id is None:
                # django.request logs 4xx responses after the middleware has returned.
                request_id = getattr(getattr(record, "request", None), "request_id", None)
            record.request_id = request_id or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get() or "-",
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.path
        if getattr(record, "status_code", None) is not None:
            entry["status"] = record.status_code
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(self.gunicorn_access_fields(record.args))
        for key, value in record.__dict__.items():
            if key not in STANDARD_RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
            entry["exception_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)

    @staticmethod
    def gunicorn_access_fields(atoms: dict) -> dict:
        fields = {
            name: atoms[atom] for atom, name in GUNICORN_ACCESS_FIELDS.items() if atom in atoms
        }
        if "status" in fields:
            fields["status"] = int(fields["status"]) if str(fields["status"]).isdigit() else None
        request_id = atoms.get("{x-request-id}o")
        if request_id and request_id != "-":
            fields["request_id"] = request_id
        return fields


def logging_config(*, json_output: bool, level: str = "INFO") -> dict:
    """A LOGGING dict: everything to stdout, with the request id, as JSON lines or readable text."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "terang.logging.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "terang.logging.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json" if json_output else "text",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            "django.server": {"handlers": ["stdout"], "level": level, "propagate": False},
        },
    }


def start_error_reporting(
    dsn: str, *, environment: str, release: str | None, traces_sample_rate: float
) -> None:
    """Send unhandled errors (and error log records) to Sentry, without personal data.

    No cookies, user ids, IP addresses or request bodies (a member's story, a password) and no
    local variables of the failing frames leave the server; the request id goes along as a tag
    (terang.middleware), so a report and its log lines can be matched.
    """
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        release=release or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
    )
