"""The transparency review: decisions, the completed review of a version, and the state a member
sees. The tier and the public report made from a checklist are in checklist.py."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from .checklist import verification_for
from .choices import ReviewKind, ReviewOutcome, ReviewStep, StoryStatus, Verification
from .models import ReviewDecision, StoryPage, StoryReview, UnreviewedStory
from .permissions import two_person_review

OUTCOME_FOR_ACTION = {
    "approve": ReviewOutcome.APPROVED,
    "reject": ReviewOutcome.CHANGES_REQUESTED,
    "decline": ReviewOutcome.REJECTED,
}


def record_decision(*, task_state, user, action_name: str, step: str, **data) -> ReviewDecision:
    story = task_state.workflow_state.content_object.specific
    outcome = OUTCOME_FOR_ACTION[action_name]
    approved_checklist = outcome == ReviewOutcome.APPROVED and step == ReviewStep.TRANSPARENCY
    checks = data.get("checks", {}) if approved_checklist else {}
    decision = ReviewDecision.objects.create(
        story=story,
        task_state=task_state,
        revision=task_state.revision,
        moderator=user,
        step=step,
        outcome=outcome,
        reason=data.get("reason", ""),
        comment=data.get("comment", ""),
        public_note=data.get("public_note", "") if approved_checklist else "",
        checks=checks,
        verification=verification_for(checks) if checks else "",
    )
    log(
        instance=story,
        action=f"terang.review.{outcome}",
        user=user,
        revision=task_state.revision,
        data={
            "step": step,
            "reason": decision.reason,
            "checks": checks,
            "verification": decision.verification,
        },
    )
    return decision


def complete_review(workflow_state: WorkflowState, *, user=None) -> StoryReview:
    """Record the completed review of the story's latest revision, from both steps' approvals.

    Raises UnreviewedStory when the approvals do not make a complete review (a step missing,
    approved on another revision, by someone too close to the story, or both by one person while
    the two-person rule holds).
    """
    story = workflow_state.content_object.specific
    revision = story.get_latest_revision()
    existing = StoryReview.objects.filter(revision=revision).first()
    if existing is not None:
        return existing
    approvals = ReviewDecision.objects.filter(
        task_state__workflow_state=workflow_state,
        revision=revision,
        outcome=ReviewOutcome.APPROVED,
    ).order_by("-created_at", "-pk")
    transparency = approvals.filter(step=ReviewStep.TRANSPARENCY).first()
    editorial = approvals.filter(step=ReviewStep.EDITORIAL).first()
    if transparency is None or editorial is None:
        raise UnreviewedStory(story)
    review = StoryReview(
        revision=revision,
        story=story,
        kind=ReviewKind.WORKFLOW,
        transparency=transparency,
        editorial=editorial,
        two_people=two_person_review(),
        verification=transparency.verification,
        checks=transparency.checks,
        note=transparency.public_note,
        reviewed_at=timezone.localdate(editorial.created_at),
    )
    try:
        review.save()
    except ValidationError as error:
        raise UnreviewedStory(story, " ".join(error.messages)) from error
    log(
        instance=story,
        action="terang.review.completed",
        user=user,
        revision=revision,
        data={
            "revision": revision.pk,
            "verification": review.verification,
            "two_people": review.two_people,
            "transparency_by": _person(transparency.moderator),
            "editorial_by": _person(editorial.moderator),
        },
    )
    return review


def record_imported_review(*, story: StoryPage, revision, user, reviewed_at, note: str):
    """The one exception to the review (CONTRACTS §1, ``import_stories --publish``): content that
    was verified elsewhere before it moved to Terang, recorded and logged as such."""
    return StoryReview.objects.create(
        revision=revision,
        story=story,
        kind=ReviewKind.IMPORT,
        two_people=False,
        verification=Verification.REVIEWED,
        checks={},
        note=note,
        reviewed_at=reviewed_at,
        recorded_by=user,
    )


def _person(user) -> dict:
    if user is None:
        return {}
    return {"id": user.pk, "name": str(user), "username": user.get_username()}


def story_status(story: StoryPage) -> StoryStatus:
    """The state of a story as its member sees it on the dashboard."""
    workflow_state = (
        WorkflowState.objects.for_instance(story).active().order_by("-created_at").first()
    )
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return StoryStatus.CHANGES_REQUESTED
        return StoryStatus.UPDATE_IN_REVIEW if story.live else StoryStatus.IN_REVIEW
    if story.live:
        return StoryStatus.PUBLISHED
    latest = story.review_decisions.order_by("-created_at", "-pk").first()
    if (
        latest is not None
        and latest.outcome == ReviewOutcome.REJECTED
        and latest.revision_id == story.latest_revision_id
    ):
        return StoryStatus.REJECTED
    if story.first_published_at is not None:
        return StoryStatus.WITHDRAWN
    return StoryStatus.DRAFT


# What a member may do with their own story, whatever page or service offers it.


def member_may_edit(story: StoryPage) -> bool:
    """Members edit their story in any state but one: while the moderators are reviewing it."""
    return not story.workflow_in_progress


def member_may_withdraw(story: StoryPage) -> bool:
    """A member may take their story off the site, or out of review, whenever it is in either."""
    return story.live or story.current_workflow_state is not None
