"""The answer to an error no view handled (``handler500``).

A database that does not answer (PostgreSQL restarting, a failover) is an outage, not a bug: the
answer is a 503 with ``Retry-After``, and a form that was being sent comes back with what was typed,
ready to send again (the submission form's token makes a resend safe). Anything else is the plain
500 page. Neither page reads the database.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as plain_server_error

RETRY_AFTER_SECONDS = 10
# Fields that are the form's machinery, not what the member typed.
NOT_TYPED = {"csrfmiddlewaretoken", "form_token", "action", "revision"}


def database_unavailable(error: BaseException | None) -> bool:
    """Whether the error (or one it came from) is the database not answering."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _posted_fields(request) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Every posted (name, value) pair to send again, and the ones the person typed."""
    if request.method != "POST":
        return [], []
    try:
        pairs = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
    except Exception:  # noqa: BLE001 - an unreadable body is simply not offered again
        return [], []
    typed = [
        (name, value)
        for name, value in pairs
        if name not in NOT_TYPED
        and value.strip()
        and not value.strip().isdigit()
        and value not in {"on", "true", "false"}
    ]
    return pairs, typed


def service_unavailable(request) -> HttpResponse:
    pairs, typed = _posted_fields(request)
    had_files = False
    if request.method == "POST":
        try:
            had_files = bool(request.FILES)
        except Exception:  # noqa: BLE001
            had_files = False
    context = {
        "resend_url": request.get_full_path() if pairs else "",
        "again_url": request.get_full_path() if request.method in ("GET", "HEAD") else "/",
        "fields": pairs,
        "typed": typed,
        "had_files": had_files,
        "csrf_token": get_token(request) if pairs else "",
        "retry_after": RETRY_AFTER_SECONDS,
    }
    response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return plain_server_error(request, template_name=template_name)
