from collections.abc import Callable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Page, Site, Workflow, WorkflowPage

from .models import GuideIndexPage, HomePage, StoryIndexPage
from .permissions import EDITORS_GROUP, MODERATORS_GROUP

REVIEW_WORKFLOW = "Story review"
# Guides are ordinary pages, under Wagtail's tree permissions. Stories are not: their rights come
# from the story policy (stories.permissions), so no group holds a grant on the story index.
GUIDE_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


@transaction.atomic
def ensure_site_tree() -> HomePage:
    """Create the home page, the story index and the guides section once; return the home page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own "Welcome" page holds the slug "home"; the site gets a real home page.
        for welcome in root.get_children().filter(slug="home"):
            welcome.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(
                title="Terang",
                slug="home",
                intro=_(
                    "Success stories from network and small businesses, each one checked for "
                    "transparency before anyone can read it."
                ),
            )
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"root_page": home, "hostname": "localhost", "site_name": "Terang"},
        )

    story_index = StoryIndexPage.objects.first()
    if story_index is None:
        story_index = home.add_child(
            instance=StoryIndexPage(
                title=_("Stories"),
                slug="stories",
            )
        )
    guide_index = GuideIndexPage.objects.first()
    if guide_index is None:
        guide_index = home.add_child(
            instance=GuideIndexPage(
                title=_("Learn"),
                slug="learn",
            )
        )

    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=story_index, defaults={"workflow": workflow})

    for group in Group.objects.filter(name__in=[MODERATORS_GROUP, EDITORS_GROUP]):
        for codename in GUIDE_PAGE_PERMISSIONS:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=guide_index, permission=permission
            )
    return home


def free_slug(
    text: str,
    *,
    taken: Callable[[str], bool],
    fallback: str,
    max_length: int = 80,
    allow_unicode: bool = False,
) -> str:
    """A slug for ``text`` that ``taken`` says is free: the slug itself, or it with -2, -3, ..."""
    base = slugify(text, allow_unicode=allow_unicode)[:max_length].strip("-") or fallback
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


def free_child_slug(
    parent: Page, text: str, *, fallback: str = "story", max_length: int = 80, **options
) -> str:
    """A slug for ``text`` that no child of ``parent`` has."""
    siblings = Page.objects.child_of(parent)
    return free_slug(
        text,
        taken=lambda slug: siblings.filter(slug=slug).exists(),
        fallback=fallback,
        max_length=max_length,
        **options,
    )
