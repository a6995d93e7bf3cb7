"""The members' stories still in review: saved and submitted through the member's own services,
then backdated, or rejected by the demo moderator and appealed, as each one's file says."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from community.services import ClaimDraft, ImageDraft, StoryDraft, story_save_draft, story_submit
from community.uploads import check_image
from stories.appeals import appeal_rejection
from stories.models import StoryPage

from . import content
from .images import render_banner, set_focal_point
from .moderation import take_step
from .records import DemoSubmission
from .stories import IMPORT_SOURCE, demo_story

DEMO_SUBMISSIONS: tuple[DemoSubmission, ...] = content.submissions()


def ensure_submission(submission: DemoSubmission, *, industries, member, moderator, counts) -> bool:
    """Save and submit the member's draft through the member's own services; backdate it, or
    have the demo moderator reject it and the member appeal, as its file says."""
    if demo_story(submission.key).exists():
        return False
    main_industry = industries[submission.industries[0]]
    hero_png = render_banner(seed=submission.key, industry=main_industry.slug)
    draft = StoryDraft(
        title=submission.title,
        subject_kind=submission.subject_kind,
        subject_name=submission.subject_name,
        language=submission.language,
        summary=submission.summary,
        industries=tuple(industries[slug] for slug in submission.industries),
        sections=submission.sections,
        product_or_service=submission.product_or_service,
        product_description=submission.product_description,
        material_connection=submission.material_connection,
        agree_to_publish=True,
        claims=tuple(
            ClaimDraft(kind=c.kind, statement=c.statement, evidence_note=c.evidence)
            for c in submission.claims
        ),
        hero=ImageDraft(
            alt_text=submission.hero_label,
            upload=check_image(SimpleUploadedFile(f"{submission.key}.png", hero_png)),
        ),
    )
    page = story_save_draft(member=member, story=None, data=draft)
    hero = page.hero_image
    set_focal_point(hero, seed=submission.key)
    hero.save(
        update_fields=[
            "focal_point_x",
            "focal_point_y",
            "focal_point_width",
            "focal_point_height",
        ]
    )
    counts["images"] += 1
    # Key the draft like the other demo stories, in the row and in the revision a moderator will
    # publish, so that approving it keeps the key and a later run does not add it again.
    key = {"import_source": IMPORT_SOURCE, "external_id": submission.key}
    StoryPage.objects.filter(pk=page.pk).update(**key)
    revision = page.latest_revision
    revision.content.update(key)
    revision.save(update_fields=["content"])
    story_submit(member=member, story=page)
    if submission.submitted_days_ago:
        _backdate_submission(page, days=submission.submitted_days_ago)
    if submission.rejection:
        rejection = submission.rejection
        take_step(
            page, moderator, "decline", reason=rejection["reason"], comment=rejection["comment"]
        )
        appeal_rejection(story=page, member=member, statement=rejection["appeal"].strip())
    return True


def _backdate_submission(page: StoryPage, *, days: int) -> None:
    submitted = timezone.now() - dt.timedelta(days=days)
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    WorkflowState.objects.filter(pk=state.pk).update(created_at=submitted)
    TaskState.objects.filter(workflow_state=state).update(started_at=submitted)
