"""The language switcher's links: a GET that sets the language cookie and goes back.

Django's ``set_language`` (``/i18n/setlang/``, still mounted) takes a POST, so a form with a CSRF
token would sit on every page and give every reader a ``csrftoken`` cookie: no page could be
cached. ``/i18n/switch/<code>/?next=<path>`` sets the same cookie as ``set_language`` and
redirects to ``next`` when it is a path on this site (anything else goes to ``/``). Switching
the interface language is all a forged link could do, which is why a plain link is enough.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def switch_language(request, code):
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
