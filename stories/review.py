"""The transparency review: decisions, the public report, and the state a member sees."""

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from .checklist import CHECKS_BY_CODE
from .choices import CheckResult, ReviewOutcome, StoryStatus, Verification
from .models import ReviewDecision, StoryPage

OUTCOME_FOR_ACTION = {
    "approve": ReviewOutcome.APPROVED,
    "reject": ReviewOutcome.CHANGES_REQUESTED,
    "decline": ReviewOutcome.REJECTED,
}


def verification_for(checks: dict[str, str]) -> str:
    """ "verified" only when every applicable check passed; "reviewed" when some evidence was not seen."""
    results = set(checks.values())
    if CheckResult.FAILED in results or set(checks) != set(CHECKS_BY_CODE):
        return Verification.UNREVIEWED
    if CheckResult.NOT_SEEN in results:
        return Verification.REVIEWED
    return Verification.VERIFIED


def record_decision(*, task_state, user, action_name: str, **data) -> ReviewDecision:
    story = task_state.workflow_state.content_object.specific
    outcome = OUTCOME_FOR_ACTION[action_name]
    checks = data.get("checks", {}) if outcome == ReviewOutcome.APPROVED else {}
    decision = ReviewDecision.objects.create(
        story=story,
        task_state=task_state,
        revision=task_state.revision,
        moderator=user,
        outcome=outcome,
        reason=data.get("reason", ""),
        comment=data.get("comment", ""),
        checks=checks,
        verification=verification_for(checks) if checks else "",
    )
    log(
        instance=story,
        action=f"terang.review.{outcome}",
        user=user,
        data={"reason": decision.reason, "checks": checks, "verification": decision.verification},
    )
    return decision


def apply_review(workflow_state: WorkflowState) -> StoryPage | None:
    """Once a review workflow has published its story, copy the approving checklist into its report."""
    decision = (
        ReviewDecision.objects.filter(
            task_state__workflow_state=workflow_state, outcome=ReviewOutcome.APPROVED
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if decision is None:
        return None
    StoryPage.objects.filter(pk=decision.story_id).update(
        verification=decision.verification,
        reviewed_at=timezone.localdate(decision.created_at),
        report_checks=decision.checks,
    )
    return StoryPage.objects.get(pk=decision.story_id)


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
