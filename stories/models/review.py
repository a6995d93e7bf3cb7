"""The two-step transparency review: each step's decision, the reviewed revision, and the Wagtail tasks."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState

from ..choices import ReviewKind, ReviewOutcome, ReviewReason, ReviewStep, Verification
from ..permissions import two_person_review


class ReviewDecision(models.Model):
    """What a moderator decided at one review step, with the checklist or the coded reason.

    The member sees it. An approval of each step, on the same revision, makes a StoryReview.
    """

    story = models.ForeignKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="review_decisions"
    )
    task_state = models.ForeignKey(
        TaskState, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.CharField(
        _("review step"),
        max_length=20,
        choices=ReviewStep.choices,
        default=ReviewStep.TRANSPARENCY,
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=ReviewReason.choices, blank=True)
    comment = models.TextField(
        _("comment"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    public_note = models.TextField(
        _("public review note"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        help_text=_("Shown in the public transparency report once the story is published."),
    )
    checks = models.JSONField(_("checks"), default=dict, blank=True)
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome__in=["changes_requested", "rejected"]) | ~Q(reason=""),
                name="review_decision_reason_required",
            )
        ]

    def __str__(self):
        return f"{self.story} · {self.get_step_display()} · {self.get_outcome_display()}"


class UnreviewedStory(PermissionDenied):
    """A version of a story without a completed review was about to go live."""

    def __init__(self, story=None, reason: str = ""):
        self.story = story
        message = gettext(
            "This version of the story has not completed its review, so it cannot be published. "
            "Stories go live only at the end of the “Story review” workflow."
        )
        super().__init__(f"{message} {reason}".strip())


class StoryReview(models.Model):
    """The completed review of one revision of a story: the only thing that lets it go live.

    A workflow review names the approvals of both steps, on this very revision, by two different
    people (unless the two-person rule was off), neither of whom wrote the story, made this
    version or acts for the organisation it names. ``save()`` validates all of it, so no code path
    can record a review that breaks the rules. The public report of the live story is copied from
    the review of its live revision.
    """

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="story_review"
    )
    story = models.ForeignKey("stories.StoryPage", on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReviewKind.choices, default=ReviewKind.WORKFLOW
    )
    transparency = models.OneToOneField(
        ReviewDecision,
        verbose_name=_("transparency review"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    editorial = models.OneToOneField(
        ReviewDecision,
        verbose_name=_("editorial approval"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    two_people = models.BooleanField(
        _("two-person rule"),
        default=True,
        help_text=_("Whether the two steps had to be done by two different people."),
    )
    verification = models.CharField(_("verification"), max_length=10, choices=Verification.choices)
    checks = models.JSONField(_("checks"), default=dict, blank=True)
    note = models.TextField(
        _("public review note"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    reviewed_at = models.DateField(_("reviewed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("story review")
        verbose_name_plural = _("story reviews")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ReviewKind.WORKFLOW)
                | Q(transparency__isnull=False, editorial__isnull=False),
                name="story_review_workflow_has_both_steps",
            ),
            models.CheckConstraint(
                condition=Q(kind=ReviewKind.WORKFLOW)
                | Q(transparency__isnull=True, editorial__isnull=True),
                name="story_review_steps_only_in_workflow",
            ),
            models.CheckConstraint(
                condition=~Q(verification=Verification.UNREVIEWED),
                name="story_review_has_a_tier",
            ),
        ]

    def __str__(self):
        return f"{self.story_id} · revision {self.revision_id} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.full_clean()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if (
            self.revision_id
            and self.story_id
            and (
                str(self.revision.object_id) != str(self.story_id)
                or self.revision.base_content_type_id
                != ContentType.objects.get_for_model(Page, for_concrete_model=False).pk
            )
        ):
            raise ValidationError({"revision": _("This revision belongs to another page.")})
        if self.kind == ReviewKind.WORKFLOW:
            self._clean_workflow_review()
        elif self.kind == ReviewKind.IMPORT and self.recorded_by_id is None:
            raise ValidationError({"recorded_by": _("Name the account that imported the story.")})

    def _clean_workflow_review(self):
        steps = {ReviewStep.TRANSPARENCY: self.transparency, ReviewStep.EDITORIAL: self.editorial}
        for step, decision in steps.items():
            if decision is None:
                continue
            if (
                decision.step != step
                or decision.outcome != ReviewOutcome.APPROVED
                or decision.revision_id != self.revision_id
                or decision.story_id != self.story_id
                or decision.moderator_id is None
            ):
                raise ValidationError(
                    _("%(step)s was not approved on this revision of this story.")
                    % {"step": ReviewStep(step).label}
                )
        if self.transparency is None or self.editorial is None:
            return
        too_close = self.story.people_too_close_to_review(self.revision)
        if {self.transparency.moderator_id, self.editorial.moderator_id} & too_close:
            raise ValidationError(
                _(
                    "Nobody may review a story that they wrote, made this version of, or that "
                    "their organisation tells."
                )
            )
        if self.two_people and self.transparency.moderator_id == self.editorial.moderator_id:
            raise ValidationError(
                _("The transparency review and the editorial approval need two different people.")
            )
        if (self.verification, self.checks) != (
            self.transparency.verification,
            self.transparency.checks,
        ):
            raise ValidationError(
                _("The tier and the checks must be those of the transparency review.")
            )


class StoryReviewStepMixin:
    """What both review steps share: who may act, and the decision recorded with each action.

    Nobody takes a step on a story they wrote, made the version of, or that their organisation
    tells; with the two-person rule, the editorial approval needs someone other than the person
    who completed the transparency review of the same revision.
    """

    step: str

    def refusal(self, obj, user, task_state=None) -> str:
        """Why ``user`` may not act on this step for ``obj`` now, or "" when they may."""
        from .pages import StoryPage  # pages imports this module

        story = getattr(obj, "specific", obj)
        if not isinstance(story, StoryPage):
            return ""
        latest = story.get_latest_revision()
        if user.pk in story.people_too_close_to_review(latest):
            return gettext(
                "You cannot review this story: you wrote it, made this version of it, or act for "
                "the organisation it names."
            )
        if (
            self.step == ReviewStep.EDITORIAL
            and two_person_review()
            and task_state is not None
            and ReviewDecision.objects.filter(
                task_state__workflow_state_id=task_state.workflow_state_id,
                step=ReviewStep.TRANSPARENCY,
                outcome=ReviewOutcome.APPROVED,
                revision_id=task_state.revision_id,
                moderator=user,
            ).exists()
        ):
            return gettext(
                "You completed the transparency review of this version: the editorial approval "
                "needs a second moderator."
            )
        return ""

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """The dashboard's "Awaiting your review" leaves out what this user may not review."""
        from .pages import StoryPage  # pages imports this module

        states = super().get_task_states_user_can_moderate(user, **kwargs)
        own_stories = (
            StoryPage.objects.filter(owner=user)
            .annotate(key=Cast("pk", models.CharField()))
            .values("key")
        )
        states = states.exclude(workflow_state__object_id__in=own_stories)
        if self.step == ReviewStep.EDITORIAL and two_person_review():
            states = states.exclude(
                Exists(
                    ReviewDecision.objects.filter(
                        task_state__workflow_state=OuterRef("workflow_state"),
                        revision=OuterRef("revision"),
                        step=ReviewStep.TRANSPARENCY,
                        outcome=ReviewOutcome.APPROVED,
                        moderator=user,
                    )
                )
            )
        return states

    def _may_act(self, obj, user) -> bool:
        if not (user.is_superuser or self._user_in_groups(user)):
            return False
        task_state = getattr(obj, "current_workflow_task_state", None)
        return not (self.refusal(obj, user, task_state) or self.taken_by_other(obj, user))

    def taken_by_other(self, obj, user) -> str:
        """Why ``user`` may not decide now because another moderator took the story (Wagtail's
        page lock, set by the review queue), or ""."""
        from ..review_locks import taken_by_other

        return taken_by_other(getattr(obj, "pk", None), user)

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and not self.refusal(obj, user)

    def get_actions(self, obj, user):
        if not self._may_act(obj, user):
            return []
        return self.actions()

    def get_template_for_action(self, action):
        return "stories/admin/review_action_modal.html"

    def on_action(self, task_state, user, action_name, **kwargs):
        from ..review import record_decision

        if action_name not in {"approve", "reject", "decline"}:
            return None
        content_object = task_state.workflow_state.content_object
        if not (user.is_superuser or self._user_in_groups(user)):
            raise PermissionDenied
        refusal = self.refusal(content_object, user, task_state) or self.taken_by_other(
            content_object, user
        )
        if refusal:
            raise PermissionDenied(refusal)
        comment = kwargs.get("comment", "")
        with transaction.atomic():
            record_decision(
                task_state=task_state, user=user, action_name=action_name, step=self.step, **kwargs
            )
            if action_name == "approve":
                task_state.approve(user=user, comment=comment)
            elif action_name == "reject":
                task_state.reject(user=user, comment=comment)
            else:
                task_state.reject(user=user, update=False, comment=comment)
                task_state.workflow_state.cancel(user=user)
            from ..review_locks import release

            release(content_object.pk, user)
        return None


class TransparencyReviewTask(StoryReviewStepMixin, AbstractGroupApprovalTask):
    """The moderator completes the transparency checklist item by item."""

    step = ReviewStep.TRANSPARENCY

    def actions(self):
        return [
            ("reject", _("Request changes"), True),
            ("decline", _("Reject"), True),
            ("approve", _("Complete the checklist and approve"), True),
        ]

    def get_form_for_action(self, action):
        from ..forms import ChecklistForm, ReasonForm

        return ChecklistForm if action == "approve" else ReasonForm

    @classmethod
    def get_description(cls):
        return _("A moderator completes the transparency checklist before the story moves on")

    class Meta:
        verbose_name = _("transparency review task")
        verbose_name_plural = _("transparency review tasks")


class EditorialApprovalTask(StoryReviewStepMixin, AbstractGroupApprovalTask):
    """A second moderator reads the reviewed story and approves it; approval publishes it."""

    step = ReviewStep.EDITORIAL

    def actions(self):
        return [
            ("reject", _("Request changes"), True),
            ("decline", _("Reject"), True),
            ("approve", _("Approve and publish"), True),
        ]

    def get_form_for_action(self, action):
        from ..forms import ApprovalForm, ReasonForm

        return ApprovalForm if action == "approve" else ReasonForm

    @classmethod
    def get_description(cls):
        return _("A second moderator approves the reviewed story; the approval publishes it")

    class Meta:
        verbose_name = _("editorial approval task")
        verbose_name_plural = _("editorial approval tasks")
