"""The admin's "Review queue": every story waiting in the "Story review" workflow, built on Wagtail's
generic listing view with a django-filter FilterSet.

Each row shows the story's age since it was submitted (highlighted once older than
``TERANG_REVIEW_OVERDUE_DAYS``), its step, industries, language, organisation and open readers'
reports; the filters narrow it by industry, language, the scanner's flags, organisation, tier,
reports and due re-reviews. The moderator's own work comes first (what they took, then what they
may decide), then by age. Only people in a review task's groups, and administrators, see it
(``review_policy``). Bulk actions send several stories back or reject them, each through the
workflow task's own action; there is no bulk approval, since each approval needs its checklist.
"""

import datetime as dt

import django_filters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, NumberColumn, TitleColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import IndexView
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies.base import BasePermissionPolicy

from .choices import Language, ReportStatus, Verification
from .models import (
    EditorialApprovalTask,
    Industry,
    ScanFlagCode,
    StoryPage,
    StoryReport,
    TransparencyReviewTask,
)
from .moderation_queues import QueueViewSet

REVIEW_TASKS = (TransparencyReviewTask, EditorialApprovalTask)
NEW_STORY = "new"


def overdue_days() -> int:
    return int(settings.TERANG_REVIEW_OVERDUE_DAYS)


def may_review(user) -> bool:
    """Whether ``user`` reviews stories: an administrator, or a member of a review task's groups."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return any(
        task.objects.filter(active=True, groups__in=user.groups.all()).exists()
        for task in REVIEW_TASKS
    )


class ReviewPolicy(BasePermissionPolicy):
    """The one permission of the review queue, its story screen and its bulk actions: "review"."""

    def user_has_permission(self, user, action):
        return action == "review" and may_review(user)

    def user_has_any_permission(self, user, actions):
        return "review" in actions and may_review(user)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if "review" not in actions:
            return User.objects.none()
        groups = Q()
        for task in REVIEW_TASKS:
            groups |= Q(groups__in=task.objects.filter(active=True).values("groups"))
        return User.objects.filter(Q(is_superuser=True) | groups, is_active=True).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


review_policy = ReviewPolicy(StoryPage)


def queue_stories():
    """Every story with a review step waiting (not those sent back to their member), annotated
    with the moment it was submitted, its step and task state, and its open readers' reports."""
    in_review = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    ).order_by("-created_at")
    reports = (
        StoryReport.objects.filter(story=OuterRef("pk"), status=ReportStatus.OPEN)
        .order_by()
        .values("story")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        StoryPage.objects.annotate(
            submitted_at=Subquery(in_review.values("created_at")[:1]),
            step=Subquery(in_review.values("current_task_state__task__name")[:1]),
            task_state_id=Subquery(in_review.values("current_task_state_id")[:1]),
            open_reports=Coalesce(Subquery(reports), Value(0)),
        )
        .filter(submitted_at__isnull=False)
        .select_related("organization", "locked_by")
    )


def decidable_story_ids(user) -> set[int]:
    """The stories whose current review step ``user`` may decide (their groups, not their own
    story, not the second step after their own first), whoever holds them."""
    ids: set[int] = set()
    for task_class in REVIEW_TASKS:
        for task in task_class.objects.filter(active=True):
            states = task.get_task_states_user_can_moderate(user)
            ids.update(int(pk) for pk in states.values_list("workflow_state__object_id", flat=True))
    return ids


def with_own_first(queryset, user):
    """``mine``: 0 for what ``user`` took, 1 for what they may decide and nobody took, 2 else."""
    decidable = decidable_story_ids(user)
    return queryset.annotate(
        mine=Case(
            When(locked=True, locked_by=user, then=Value(0)),
            When(Q(pk__in=decidable) & Q(locked=False), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def next_story(user, *, after=None):
    """The story ``user`` should review next: theirs or free for them to take, oldest first."""
    queryset = with_own_first(queue_stories(), user).filter(mine__lte=1)
    if after is not None:
        queryset = queryset.exclude(pk=after)
    return queryset.order_by("mine", "submitted_at", "pk").first()


class ReviewQueueFilterSet(WagtailFilterSet):
    industry = django_filters.ModelMultipleChoiceFilter(
        label=_("Industry"),
        field_name="industries",
        queryset=Industry.objects.order_by("name"),
        distinct=True,
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Language.choices)
    flag = django_filters.MultipleChoiceFilter(
        label=_("Flags found"), choices=ScanFlagCode.choices, method="filter_flag"
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        # The organisation model through the story's own field: stories import no other app.
        queryset=StoryPage._meta.get_field("organization")
        .related_model.objects.filter(stories__isnull=False)
        .distinct()
        .order_by("name"),
    )
    tier = django_filters.ChoiceFilter(
        label=_("Tier"),
        choices=[
            (Verification.VERIFIED, _("Verified now (re-review)")),
            (Verification.REVIEWED, _("Reviewed now (re-review)")),
            (NEW_STORY, _("New story, no tier yet")),
        ],
        method="filter_tier",
    )
    reports = django_filters.BooleanFilter(label=_("Reported by readers"), method="filter_reports")
    rereview = django_filters.BooleanFilter(label=_("Re-review"), method="filter_rereview")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = StoryPage
        fields = []

    def filter_flag(self, queryset, name, value):
        if not value:
            return queryset
        from .scanner.stored import with_flags

        return with_flags(queryset, value)

    def filter_tier(self, queryset, name, value):
        if value == NEW_STORY:
            return queryset.filter(live=False, verification=Verification.UNREVIEWED)
        return queryset.filter(live=True, verification=value)

    def filter_reports(self, queryset, name, value):
        return queryset.filter(open_reports__gt=0) if value else queryset.filter(open_reports=0)

    def filter_rereview(self, queryset, name, value):
        return queryset.filter(rereview_requested_at__isnull=not value)

    def filter_overdue(self, queryset, name, value):
        cutoff = timezone.now() - dt.timedelta(days=overdue_days())
        if value:
            return queryset.filter(submitted_at__lt=cutoff)
        return queryset.filter(submitted_at__gte=cutoff)


class AgeColumn(Column):
    """Days since submission, marked "overdue" after ``TERANG_REVIEW_OVERDUE_DAYS``."""

    cell_template_name = "stories/admin/review_age_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        age = timezone.now() - instance.submitted_at
        context["days"] = age.days
        context["overdue"] = age > dt.timedelta(days=overdue_days())
        return context


class ReviewQueueView(IndexView):
    model = StoryPage
    permission_policy = review_policy
    any_permission_required = None
    permission_required = "review"
    filterset_class = ReviewQueueFilterSet
    page_title = _("Review queue")
    header_icon = "tasks"
    index_url_name = "review_queue:index"
    index_results_url_name = "review_queue:index_results"
    template_name = "stories/admin/review_queue.html"
    default_ordering = "submitted_at"
    paginate_by = 50
    is_searchable = False

    def get_base_queryset(self):
        return queue_stories()

    def order_queryset(self, queryset):
        ordering = "-submitted_at" if self.ordering == "-submitted_at" else "submitted_at"
        return with_own_first(queryset, self.request.user).order_by("mine", ordering, "pk")

    def get_valid_orderings(self):
        return ["submitted_at", "-submitted_at"]

    @property
    def columns(self):
        from django.urls import reverse

        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="story"),
            TitleColumn(
                "title",
                label=_("Story"),
                accessor=lambda story: story.get_admin_display_title(),
                get_url=lambda story: reverse("review_queue:story", args=(story.pk,)),
                get_title_id=lambda story: f"story_{story.pk}_title",
            ),
            AgeColumn("submitted_at", label=_("Waiting"), sort_key="submitted_at"),
            Column("step", label=_("Step")),
            Column(
                "industries",
                label=_("Industries"),
                accessor=lambda story: ", ".join(
                    industry.localized_name for industry in story.industries.all()
                ),
            ),
            Column("language", label=_("Language"), accessor="get_language_display"),
            Column(
                "organization",
                label=_("Organisation"),
                accessor=lambda story: story.organization or "—",
            ),
            NumberColumn("open_reports", label=_("Open reports")),
            Column("taken_by", label=_("Taken by"), accessor=taken_by_label),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["overdue_days"] = overdue_days()
        return context


def taken_by_label(story) -> str:
    if not story.locked or story.locked_by is None:
        return "—"
    return story.locked_by.get_full_name() or story.locked_by.get_username()


class ReviewBulkAction(BulkAction):
    """Send several stories back, or reject them, with one coded reason and one comment: each
    through its current review step's own action, so each is checked, recorded and audit-logged
    as a single decision is. A story the moderator may not decide is left out, and said so."""

    models = [StoryPage]
    template_name = "stories/admin/review_bulk_confirm.html"
    task_action = ""
    action_priority = 10

    def get_form_class(self):
        from .forms import ReasonForm

        return ReasonForm

    def dispatch(self, request, *args, **kwargs):
        if not review_policy.user_has_permission(request.user, "review"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        return list(queue_stories().filter(pk__in=ids).order_by("submitted_at", "pk"))

    def check_perm(self, obj):
        task_state = obj.current_workflow_task_state
        if task_state is None:
            return False
        actions = task_state.task.specific.get_actions(obj, self.request.user)
        return self.task_action in {name for name, _label, _modal in actions}

    def get_execution_context(self):
        return {"user": self.request.user, **self.cleaned_form.cleaned_data}

    @classmethod
    def execute_action(cls, objects, user=None, **data):
        done = 0
        for story in objects:
            task_state = story.current_workflow_task_state
            if task_state is None:
                continue
            task = task_state.task.specific
            try:
                task.on_action(task_state, user, cls.task_action, **data)
            except PermissionDenied:
                continue
            done += 1
        return done, 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}


class RequestChangesBulkAction(ReviewBulkAction):
    display_name = _("Request changes")
    action_type = "review_request_changes"
    aria_label = _("Request changes to the selected stories")
    task_action = "reject"

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Changes requested for %(count)d story.",
            "Changes requested for %(count)d stories.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class RejectBulkAction(ReviewBulkAction):
    display_name = _("Reject")
    action_type = "review_reject"
    aria_label = _("Reject the selected stories")
    task_action = "decline"
    classes = {"serious"}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d story rejected.", "%(count)d stories rejected.", num_parent_objects
        ) % {"count": num_parent_objects}


class ReviewQueueViewSet(QueueViewSet):
    name = "review_queue"
    url_prefix = "reviews/queue"
    icon = "tasks"
    menu_label = _("Review queue")
    menu_order = 185
    listing_class = ReviewQueueView
    item_url_name = "story"
    permission_policy = review_policy
    permission_required = "review"

    @property
    def item_view_class(self):
        from .review_screen import ReviewScreenView

        return ReviewScreenView
