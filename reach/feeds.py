"""RSS and Atom feeds of verified stories (Django's syndication framework).

``/feeds/stories.rss`` and ``/feeds/stories.atom``: every published, verified story, newest first;
narrowed by ``?industry=<slug>``, ``?organisation=<slug>`` and ``?language=id|en`` (any together),
and ``?limit=`` stories (1–50, 20 by default). An unknown industry or organisation, a language
other than those two, or a bad limit is refused with 400. Items carry the live, reviewed version of
each story (its row), never a pending edit. The feed's own words are in the reader's language.
"""

import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from community.models import Organization
from stories.choices import Language, Verification
from stories.models import Industry, StoryPage, public_story_q
from stories.page_cache import cacheable

from .seo import absolute

DEFAULT_LIMIT = 20
MAX_LIMIT = 50
# Django's unicode slug pattern, as its slug fields validate them.
slug_re = re.compile(r"[-\w]+")


class BadParameter(ValueError):
    pass


def _by_slug(model, raw: str):
    """The ``model`` row with slug ``raw``, or None; a value that cannot be a slug (too long, or
    with characters such as NUL that PostgreSQL refuses in text) never reaches the database."""
    max_length = model._meta.get_field("slug").max_length or 255
    if len(raw) > max_length or not slug_re.fullmatch(raw):
        return None
    return model.objects.filter(slug=raw).first()


@dataclass
class Selection:
    industry: Industry | None = None
    organization: Organization | None = None
    language: str = ""
    limit: int = DEFAULT_LIMIT
    path: str = ""

    @classmethod
    def from_query(cls, query) -> "Selection":
        known = {"industry", "organisation", "language", "limit"}
        unknown = sorted(set(query) - known)
        if unknown:
            raise BadParameter(_("Unknown parameter: %(name)s.") % {"name": unknown[0]})
        for name in known:
            if len(query.getlist(name)) > 1:
                raise BadParameter(_("Give %(name)s once.") % {"name": name})
        selection = cls()
        if "industry" in query:
            selection.industry = _by_slug(Industry, query["industry"])
            if selection.industry is None:
                raise BadParameter(_("No industry has that slug."))
        if "organisation" in query:
            selection.organization = _by_slug(Organization, query["organisation"])
            if selection.organization is None:
                raise BadParameter(_("No organisation has that slug."))
        if "language" in query:
            if query["language"] not in Language.values:
                raise BadParameter(_("The language must be id or en."))
            selection.language = query["language"]
        if "limit" in query:
            raw = query["limit"]
            if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_LIMIT:
                raise BadParameter(
                    _("The limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}
                )
            selection.limit = int(raw)
        return selection

    def stories(self):
        stories = StoryPage.objects.filter(public_story_q(), verification=Verification.VERIFIED)
        if self.industry is not None:
            stories = stories.filter(industries=self.industry)
        if self.organization is not None:
            stories = stories.filter(organization=self.organization)
        if self.language:
            stories = stories.filter(language=self.language)
        return (
            stories.select_related("organization")
            .prefetch_related("industries")
            .defer_streamfields()
            .order_by("-first_published_at", "-id")[: self.limit]
        )

    def title(self) -> str:
        parts = [_("Terang: verified stories")]
        if self.industry is not None:
            parts.append(self.industry.localized_name)
        if self.organization is not None:
            parts.append(self.organization.name)
        if self.language:
            parts.append(str(Language(self.language).label))
        return " · ".join(parts)

    def link(self) -> str:
        if self.organization is not None:
            return absolute(self.organization.get_absolute_url())
        if self.industry is not None:
            return absolute(self.industry.get_absolute_url())
        return absolute("/stories/")


class StoryFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        try:
            selection = Selection.from_query(request.GET)
        except BadParameter as problem:
            return HttpResponseBadRequest(str(problem), content_type="text/plain; charset=utf-8")
        selection.path = request.get_full_path()
        request.feed_selection = selection
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.feed_selection

    def title(self, selection):
        return selection.title()

    def link(self, selection):
        return selection.link()

    def description(self, selection):
        return _(
            "Success stories a Terang moderator has checked: a real product, typical income "
            "backed by evidence, no guaranteed returns."
        )

    def feed_url(self, selection):
        return absolute(selection.path)

    def feed_guid(self, selection):
        return absolute(selection.path)

    def items(self, selection):
        return selection.stories()

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.summary

    def item_link(self, story):
        return absolute(story.get_url() or "/")

    def item_guid(self, story):
        return f"urn:terang:story:{story.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, story):
        return story.subject_name

    # In the site's time zone, as every public date of a story (docs/contracts.md section 2).
    def item_pubdate(self, story):
        return story.first_published_at and timezone.localtime(story.first_published_at)

    def item_updateddate(self, story):
        return story.last_published_at and timezone.localtime(story.last_published_at)

    def item_categories(self, story):
        return [industry.localized_name for industry in story.industries.all()]


class AtomStoryFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description


stories_rss = cacheable(StoryFeed())
stories_atom = cacheable(AtomStoryFeed())
