"""The page cache: anonymous readers' public pages, rendered once per version and language.

``PageCacheMiddleware`` answers a GET of a public page (a Wagtail page, or a view marked with
``stories.page_cache.cacheable``: the search page, the search API, an organisation's page) from
the ``pages`` cache when the request carries no session and no messages cookie. The key holds the
page version (``stories.page_cache``: bumped by everything that changes a public page), the
language the reader reads in, the scheme, host, path and query string. Whatever is not public never
reaches the cache:

- requests with a session cookie (members, moderators, anyone logged in or part-way through a
  form), with a messages cookie, or with an ``Authorization`` header pass straight through;
- only marked views and Wagtail's page serving are cached: never the admin, /accounts/, /me/,
  /submit/, /evidence/, /images/, documents or /healthz, never a preview (``is_preview``, and the
  admin's inner ``is_dummy`` requests);
- only a 200 answer without cookies, without ``Cache-Control`` private, no-store or no-cache, and
  not streamed, is stored: a page behind a view restriction answers with a form and a CSRF cookie
  (or a redirect), so it never is.

Responses of cacheable views to requests with a session cookie get ``Cache-Control: private``, so
no shared cache in front of Terang keeps a member's page. docs/deploy.md ("The page cache") has
the operator's side.
"""

import hashlib
import threading
import time
import zlib
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, get_resolver
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.views import serve as wagtail_serve

from stories.page_cache import current_version
from terang.metrics import PAGE_CACHE_HITS, PAGE_CACHE_MISSES

PAGE_CACHE = "pages"
# Part of every key: a release that changes what an entry holds never reads the last release's.
ENTRY_FORMAT = 3
ENTRY_LENGTH = 6
HEADER = "X-Page-Cache"
UNCACHEABLE_CONTROLS = ("private", "no-store", "no-cache")
# What a view's decorators leave on its response for the middleware above this one (django-csp:
# a view's own policy, e.g. the wall's frame-ancestors, terang.security.allow_framing). A cached
# answer carries them too, so it gets the same headers as the first.
RESPONSE_MARKS = (
    "_csp_config",
    "_csp_config_ro",
    "_csp_update",
    "_csp_update_ro",
    "_csp_replace",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)


class ProcessCopies:
    """The entries this process served last, by key: a hit then costs one query (the version).

    Keys carry the version, so a copy can only be served while its version is current; a purge
    makes every copy unreachable at once, in every process. A copy expires when its entry in the
    shared cache does (``PAGE_CACHE_SECONDS`` after the page was rendered), so a process never
    serves a page longer than the shared cache would.
    """

    def __init__(self, size: int = 512):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, now: float):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            expires, entry = found
            if expires <= now:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry, expires: float) -> None:
        with self._lock:
            self._entries[key] = (expires, entry)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


process_copies = ProcessCopies()


def page_cache_seconds() -> int:
    return int(getattr(settings, "TERANG_PAGE_CACHE_SECONDS", 0) or 0)


def is_public_view(request) -> bool:
    """Whether the URL is served by Wagtail's page serving or a view marked cacheable."""
    try:
        match = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
    except Resolver404:
        return False
    return match.func is wagtail_serve or getattr(match.func, "terang_page_cache", False)


def carries_identity(request) -> bool:
    """The request may belong to someone: a session, pending messages, credentials."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def cache_key(request, version: int) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()
    return f"terang:page:{ENTRY_FORMAT}:{version}:{request.LANGUAGE_CODE}:{digest}"


def storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return False
    user = getattr(request, "_cached_user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in UNCACHEABLE_CONTROLS)


def freeze(request, response) -> tuple:
    # SessionMiddleware adds "Vary: Cookie" on the way out when the page read the session (every
    # page with the account menu does); a cache hit reads none, so the entry remembers it.
    vary_cookie = getattr(getattr(request, "session", None), "accessed", False)
    content = zlib.compress(response.content, 1)
    marks = {name: getattr(response, name) for name in RESPONSE_MARKS if hasattr(response, name)}
    return (
        response.status_code,
        list(response.items()),
        content,
        vary_cookie,
        marks,
        time.time(),
    )


def thaw(entry) -> HttpResponse:
    status, headers, content, vary_cookie, marks, _rendered_at = entry
    response = HttpResponse(zlib.decompress(content), status=status)
    for name, value in headers:
        response[name] = value
    for name, value in marks.items():
        setattr(response, name, value)
    if vary_cookie:
        patch_vary_headers(response, ("Cookie",))
    return response


class PageCacheMiddleware:
    """Serves and stores anonymous GETs of public pages (see the module docstring).

    Sits below SessionMiddleware and LocaleMiddleware (it reads the reader's language) and above
    everything that would make a page personal (CSRF, authentication, messages).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache_seconds()
        if (
            not seconds
            or request.method != "GET"
            or getattr(request, "is_dummy", False)
            or not is_public_view(request)
        ):
            return self.get_response(request)
        if carries_identity(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response

        cache = caches[PAGE_CACHE]
        key = cache_key(request, current_version())
        entry = process_copies.get(key, time.time())
        if entry is None:
            entry = cache.get(key)
            if not isinstance(entry, tuple) or len(entry) != ENTRY_LENGTH:
                entry = None  # absent, or not something this code wrote: render afresh
            else:
                process_copies.put(key, entry, entry[-1] + seconds)
        if entry is not None:
            PAGE_CACHE_HITS.inc()
            response = thaw(entry)
            response[HEADER] = "hit"
            return response
        PAGE_CACHE_MISSES.inc()
        response = self.get_response(request)
        if storable(request, response):
            entry = freeze(request, response)
            cache.set(key, entry, seconds)
            process_copies.put(key, entry, entry[-1] + seconds)
            response[HEADER] = "miss"
        return response
