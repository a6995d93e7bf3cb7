"""The answer to an error no view handled (``handler500``).

A database that does not answer (PostgreSQL restarting, a failover) is an outage, not a bug: the
answer is a 503 with ``Retry-After``, and a form that was being sent comes back with what was typed,
ready to send again (the submission form's token makes a resend safe). Passwords and one-time
codes are never written back into the page: the person types them again. Anything else is the plain
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
# Secrets are never echoed into a page (nor kept in a browser's history of it): any field whose
# name says password or secret, and the one-time codes of the account pages (allauth's e-mail and
# two-factor codes are all named ``code``; elsewhere, e.g. a scanner flag, ``code`` is not secret).
SECRET_WORDS = ("password", "passwd", "secret")
ACCOUNT_CODE_FIELDS = {"code", "otp", "token", "key", "recovery_code"}
ACCOUNT_PATH_PARTS = ("/accounts/", "/admin/login/")


def is_secret(name: str, path: str) -> bool:
    lowered = name.lower()
    if any(word in lowered for word in SECRET_WORDS):
        return True
    return lowered in ACCOUNT_CODE_FIELDS and any(part in path for part in ACCOUNT_PATH_PARTS)


def database_unavailable(error: BaseException | None) -> bool:
    """Whether the error (or one it came from) is the database not answering."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _posted_fields(request) -> tuple[list[tuple[str, str]], list[tuple[str, str]], bool]:
    """Every posted (name, value) pair to send again, the ones the person typed, and whether a
    secret was left out."""
    if request.method != "POST":
        return [], [], False
    try:
        posted = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
    except Exception:  # noqa: BLE001 - an unreadable body is simply not offered again
        return [], [], False
    pairs = [(name, value) for name, value in posted if not is_secret(name, request.path)]
    secrets_left_out = any(value for name, value in posted if is_secret(name, request.path))
    typed = [
        (name, value)
        for name, value in pairs
        if name not in NOT_TYPED
        and value.strip()
        and not value.strip().isdigit()
        and value not in {"on", "true", "false"}
    ]
    return pairs, typed, secrets_left_out


def service_unavailable(request) -> HttpResponse:
    pairs, typed, secrets_left_out = _posted_fields(request)
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
        "secrets_left_out": secrets_left_out,
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
