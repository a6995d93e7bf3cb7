"""A story's stable verification address: ``/verify/stories/<id>/``.

What a moderator checked on the story's live version and when: the tier, each check and its
result, the dates of the two review steps and of publishing (from the review recorded for the live
revision and Wagtail's audit log), and the organisation's own verification. Someone holding a
screenshot of a wall, a badge or a shared card can compare it with this page. A story that is not
live and reviewed now answers 404 with that said in words, and shows nothing of the story.
"""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import PageLogEntry

from stories.choices import Verification
from stories.models import StoryPage, StoryReview, public_story_q

from .seo import absolute


def live_story(pk: int) -> StoryPage | None:
    return (
        StoryPage.objects.filter(public_story_q(), pk=pk)
        .exclude(verification=Verification.UNREVIEWED)
        .select_related("organization", "live_revision")
        .defer_streamfields()
        .first()
    )


@require_safe
def story_verification(request, pk: int):
    story = live_story(pk)
    if story is None:
        return TemplateResponse(
            request, "reach/verification.html", {"story": None, "number": pk}, status=404
        )
    review = (
        StoryReview.objects.filter(story=story, revision_id=story.live_revision_id)
        .select_related("transparency", "editorial")
        .first()
    )
    published = (
        PageLogEntry.objects.filter(
            page_id=story.pk, revision_id=story.live_revision_id, action="wagtail.publish"
        )
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    context = {
        "story": story,
        "number": pk,
        "review": review,
        "public_report": story.public_report,
        "published_at": published or story.last_published_at,
        "industries": [industry.localized_name for industry in story.industries.all()],
        "story_url": absolute(story.url or "/"),
        "address": absolute(request.path),
    }
    return TemplateResponse(request, "reach/verification.html", context)
