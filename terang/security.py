"""Security headers: the Content-Security-Policy of the site and of the Wagtail admin, and framing.

docs/security.md ("Headers") gives every policy and why each source is there.

- ``ContentSecurityPolicyMiddleware`` is django-csp's ``CSPMiddleware`` with the extension point
  django-csp provides for this (``get_policy_parts``): a response under the Wagtail admin's URL
  prefix, to someone who may use the admin, gets ``ADMIN_CONTENT_SECURITY_POLICY`` instead of
  ``CONTENT_SECURITY_POLICY``. Everyone else there (the admin's log-in and password reset pages,
  a member who types /admin/) keeps the strict policy. A response that its own origin may frame
  (``X-Frame-Options: SAMEORIGIN``, which Wagtail sets on its preview views) gets
  ``frame-ancestors 'self'`` to match, so the two headers never disagree. Wagtail renders a
  preview through the whole middleware chain with a dummy request for the page's public URL
  (``request.is_dummy``); that inner pass sets no policy, so the real request's pass decides.
- ``allow_framing`` lets other sites frame one view (an embed), and only that view.
"""

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from csp.constants import SELF
from csp.decorators import csp_replace
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.views.decorators.clickjacking import xframe_options_exempt

# A source in frame-ancestors: "*", "'self'", a scheme ("https:") or an origin with an optional
# "*." host wildcard and port. Nothing that could end the directive or add another one.
_FRAME_ANCESTOR = re.compile(
    r"\*|'self'|[a-z][a-z0-9+.-]*:|[a-z][a-z0-9+.-]*://(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?",
    re.IGNORECASE,
)


def is_admin_path(path: str) -> bool:
    """Whether ``path`` (``request.path``) is inside the Wagtail admin, wherever it is mounted."""
    try:
        prefix = reverse("wagtailadmin_home")
    except NoReverseMatch:
        return False
    return path.startswith(prefix)


def uses_admin(request) -> bool:
    """Whether ``request`` is an admin user's request for a page of the Wagtail admin."""
    if not is_admin_path(request.path):
        return False
    user = getattr(request, "user", None)
    return user is not None and user.has_perm("wagtailadmin.access_admin")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the admin's policy for the admin's users."""

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        # A view's own @csp(...) policy wins; otherwise the admin gets its documented policy.
        if parts.config is None and uses_admin(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        replace = parts.replace or {}
        if response.get("X-Frame-Options") == "SAMEORIGIN" and "frame-ancestors" not in replace:
            parts.replace = {**replace, "frame-ancestors": [SELF]}
        return parts


def allow_framing(origins: Iterable[str] = ("*",)) -> Callable:
    """Let ``origins`` frame the decorated view, and only that view.

    The response carries no ``X-Frame-Options`` (Django's ``xframe_options_exempt``) and its
    ``frame-ancestors`` is ``origins`` (django-csp's ``csp_replace``); the rest of the policy
    stays. ``origins`` are CSP sources: ``"*"`` (any site), ``"'self'"``, or origins such as
    ``"https://partner.example"``. Every other view keeps ``DENY`` and ``frame-ancestors 'none'``.

        @allow_framing(origins=("https://partner.example",))
        def story_embed(request, pk): ...

    For a class-based view, decorate ``as_view()``'s result or use ``method_decorator`` on
    ``dispatch``.
    """
    if isinstance(origins, str):
        raise TypeError("allow_framing(origins=...) takes a sequence of sources, not a string")
    sources = list(origins)
    if not sources:
        raise ValueError("allow_framing() needs at least one origin; leave the view undecorated")
    for source in sources:
        if not _FRAME_ANCESTOR.fullmatch(source):
            raise ValueError(f"allow_framing(): {source!r} is not a frame-ancestors source")

    def decorator(view: Callable) -> Callable:
        return xframe_options_exempt(csp_replace({"frame-ancestors": sources})(view))

    return decorator


def media_origin(storage: dict, media_url: str = "") -> str | None:
    """The origin of public media (uploaded images), or ``None`` when the site serves them itself.

    ``storage`` is the ``STORAGES["default"]`` entry. On S3 that is the custom domain or else the
    host boto3 builds for the bucket, worked out locally the way django-storages does (no request
    leaves the machine), so the policy names exactly the host the image URLs point to. Other
    storages serve from ``MEDIA_URL``, which may be an absolute URL on another host.
    """
    if storage.get("BACKEND") == "storages.backends.s3.S3Storage":
        options = storage.get("OPTIONS", {})
        if options.get("custom_domain"):
            return f"https://{options['custom_domain']}"
        if not options.get("bucket_name"):
            return None  # the missing bucket is reported with the other settings
        import boto3
        from botocore import UNSIGNED
        from botocore.config import Config

        client = boto3.client(
            "s3",
            endpoint_url=options.get("endpoint_url"),
            region_name=options.get("region_name"),
            config=Config(
                signature_version=UNSIGNED,
                s3={"addressing_style": options.get("addressing_style") or "auto"},
            ),
        )
        media_url = client.generate_presigned_url(
            "get_object", Params={"Bucket": options["bucket_name"], "Key": "image.jpg"}
        )
    parts = urlsplit(media_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def with_sources(policy: dict, directive: str, sources: Iterable[str]) -> dict:
    """A copy of the django-csp settings dict ``policy`` with ``sources`` added to ``directive``."""
    directives = dict(policy["DIRECTIVES"])
    directives[directive] = [*directives.get(directive, []), *sources]
    return {**policy, "DIRECTIVES": directives}
