"""An organisation's live verified badge: ``/embed/badge.svg?organisation=<slug>``.

An SVG (``theme=light|dark``, ``language=id|en``) that says what Terang shows about the
organisation now: verified with published verified stories; verified but with none published;
or not verified (never, or withdrawn). It is read afresh on every fetch and may be kept five
minutes (``Cache-Control: max-age=300``), so a withdrawal shows on a host site within that.
"""

from enum import StrEnum

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from community.models import Organization
from stories.choices import Verification
from stories.models import StoryPage, public_story_q

from .embeds import _single, bad_request, parse_language, parse_theme
from .feeds import BadParameter, _by_slug
from .seo import absolute

MAX_AGE = 300
NAME_LENGTH = 30


class BadgeState(StrEnum):
    VERIFIED = "verified"
    NO_STORIES = "no-stories"
    NOT_VERIFIED = "not-verified"


def badge_state(organization: Organization) -> BadgeState:
    if not organization.verified:
        return BadgeState.NOT_VERIFIED
    stories = StoryPage.objects.filter(
        public_story_q(), organization=organization, verification=Verification.VERIFIED
    )
    return BadgeState.VERIFIED if stories.exists() else BadgeState.NO_STORIES


def state_text(state: BadgeState) -> str:
    return {
        BadgeState.VERIFIED: _("Verified on Terang"),
        BadgeState.NO_STORIES: _("No verified story on Terang now"),
        BadgeState.NOT_VERIFIED: _("Not verified by Terang"),
    }[state]


def shortened(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1].rstrip() + "…"


@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def badge(request):
    try:
        _single(request.GET, ("organisation", "theme", "language"))
        if "organisation" not in request.GET:
            raise BadParameter(_("Give the organisation's slug: ?organisation=<slug>."))
        organization = _by_slug(Organization, request.GET["organisation"])
        if organization is None:
            raise BadParameter(_("No organisation has that slug."))
        theme = parse_theme(request.GET)
        language = parse_language(request.GET) or translation.get_language() or "id"
    except BadParameter as problem:
        return bad_request(problem)
    state = badge_state(organization)
    with translation.override(language):
        text = state_text(state)
        svg = render_to_string(
            "reach/embed/badge.svg",
            {
                "state": state.value,
                "text": text,
                "name": shortened(organization.name),
                "label": f"{organization.name}: {text}",
                "theme": theme,
                "language": language,
                "url": absolute(organization.get_absolute_url()),
            },
        )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Language"] = language
    return response
