"""Refuse, with a plain 400, a request whose path or query string holds a NUL character.

PostgreSQL cannot store NUL (``\\x00``) in text, so a NUL that reaches a query is a database error
and, unless every view remembers to check, a 500. The check sits here, once, so that no route can
forget it: the search page, the JSON API, the feeds and Wagtail's own page routes all pass through
it. Views keep their own limits (a query's length, a slug's shape) with their own messages; this
is the floor under them.

The API answers ``{"error": …}`` as CONTRACTS.md §2 says for bad parameters; every other path gets
the site's bad-request page, in the reader's language.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def holds_nul(request) -> bool:
    if NUL in request.path_info:
        return True
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    )


class RequestGuardMiddleware:
    """Answers 400 before any view or database query sees a NUL in the path or query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request):
            message = _("The address contains a character that is not allowed.")
            if request.path_info.startswith("/api/"):
                return JsonResponse({"error": message}, status=400)
            return render(request, "bad_request.html", {"message": message}, status=400)
        return self.get_response(request)
