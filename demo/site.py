"""The site's own pages in the demo: the home page's copy and the guides, each published once and
dated as the guide's file says; a guide loaded before the demo linked its other-language version
gains the link on top of any unpublished changes."""

import datetime as dt

from wagtail.models import Page, PageLogEntry, Revision

from stories.models import GuideIndexPage, GuidePage, HomePage

from . import content
from .records import DemoGuide
from .stories import publish_at

DEMO_GUIDES: tuple[DemoGuide, ...] = content.guides()


def fill_home_page(home_page: HomePage, guide_index: GuideIndexPage, *, publisher) -> None:
    # The demo writes the home page's copy once; later edits in the admin are kept.
    if home_page.mission:
        return
    words = content.home()
    home_page.intro = words["intro"]
    home_page.mission = words["mission"].format(learn_page_id=guide_index.pk)
    home_page.save_revision(user=publisher).publish(user=publisher)


def ensure_guides(guide_index: GuideIndexPage, *, publisher) -> int:
    pages, created = {}, set()
    for guide in DEMO_GUIDES:
        page = GuidePage.objects.child_of(guide_index).filter(slug=guide.slug).first()
        if page is None:
            page = GuidePage(
                title=guide.title,
                slug=guide.slug,
                language=guide.language,
                summary=guide.summary,
                body=[{"type": block.type, "value": block.value} for block in guide.body],
                live=False,
                first_published_at=publish_at(guide.published),
            )
            guide_index.add_child(instance=page)
            created.add(guide.slug)
        pages[guide.slug] = page

    for guide in DEMO_GUIDES:
        page = pages[guide.slug]
        needs_translation = page.translation_id is None
        if needs_translation:
            page.translation = pages[guide.translation]
        if guide.slug in created:
            at = publish_at(guide.published)
            _publish(page, at=at, author=publisher, publisher=publisher)
        elif needs_translation:
            # An existing guide only gains the missing link, on top of any unpublished changes;
            # a draft stays a draft.
            publish = page.live and not page.has_unpublished_changes
            latest = page.get_latest_revision_as_object()
            latest.translation = pages[guide.translation]
            revision = latest.save_revision(user=publisher)
            if publish:
                revision.publish(user=publisher)
    return len(created)


def _publish(page: Page, *, at: dt.datetime, author, publisher) -> Revision:
    """Publish through a revision, then date the page, the revision and the log as of ``at``."""
    revision = page.save_revision(user=author)
    revision.publish(user=publisher)
    Page.objects.filter(pk=page.pk).update(
        first_published_at=at, last_published_at=at, latest_revision_created_at=at
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=at)
    PageLogEntry.objects.filter(page=page).update(timestamp=at)
    return revision
