"""The moderators' queue of readers' reports in the Wagtail admin, and the decision on a story.

Built on Wagtail's generic listing view: one row per story with open reports, their count and
reasons, most severe reason first (identity misuse, private information, a legal request), then
the oldest. Only people with the report permissions (the Moderators group, administrators) see
the queue or decide.
"""

from django.contrib import messages
from django.db.models import Count, IntegerField, Min, Q, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn

from .choices import REPORT_SEVERITY, ReportReason, ReportStatus
from .forms import ReportDecisionForm
from .models import StoryPage, StoryReport
from .moderation_queues import QueueDecisionView, QueueListing, QueueViewSet
from .reports import DecisionRefused, decide_reports, may_unpublish, open_reports

OPEN = Q(reports__status=ReportStatus.OPEN)


def stories_with_open_reports():
    """Each story with open reports, with their count, the count per reason, the most severe
    reason's rank, the oldest open report and the refused attempts; most urgent first."""
    per_reason = {
        f"reason_{reason}": Count("reports", filter=OPEN & Q(reports__reason=reason))
        for reason in ReportReason.values
    }
    return (
        StoryPage.objects.annotate(
            open_reports=Count("reports", filter=OPEN),
            top_severity=Min("reports__severity", filter=OPEN),
            oldest_report=Min("reports__created_at", filter=OPEN),
            refused=Coalesce("refused_reports__count", Value(0), output_field=IntegerField()),
            **per_reason,
        )
        .filter(open_reports__gt=0)
        .order_by("top_severity", "oldest_report", "pk")
    )


def reason_counts(story) -> str:
    """ "Not my story / identity misuse: 2 · Other: 1", most severe first."""
    parts = []
    for reason in sorted(ReportReason, key=REPORT_SEVERITY.__getitem__):
        count = getattr(story, f"reason_{reason.value}", 0)
        if count:
            parts.append(f"{reason.label}: {count}")
    return " · ".join(parts)


class ReportQueueView(QueueListing):
    model = StoryPage
    page_title = _("Reported stories")
    header_icon = "warning"
    index_url_name = "story_reports:index"
    index_results_url_name = "story_reports:index_results"

    def get_base_queryset(self):
        return stories_with_open_reports()

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Story"),
                get_url=lambda story: reverse("story_reports:decide", args=(story.pk,)),
            ),
            NumberColumn("open_reports", label=_("Open reports")),
            Column("reasons", label=_("Reasons"), accessor=reason_counts),
            DateColumn("oldest_report", label=_("Oldest report")),
            NumberColumn("refused", label=_("Refused by the rate limit")),
        ]


class ReportDecisionView(QueueDecisionView):
    template_name = "stories/admin/report_decision.html"
    form_class = ReportDecisionForm
    header_icon = "warning"
    queue_index_url_name = "story_reports:index"
    queue_label = _("Reported stories")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.story = get_object_or_404(StoryPage, pk=kwargs["pk"])
        self.reports = list(open_reports(self.story).order_by("severity", "created_at", "pk"))

    def get_page_title(self):
        return gettext("Reports about “%(title)s”") % {"title": self.story.title}

    def item_title(self):
        return self.story.title

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "may_unpublish": may_unpublish(self.reports)}

    def get_context_data(self, **kwargs):
        refused = getattr(self.story, "refused_reports", None)
        return super().get_context_data(
            story=self.story,
            reports=self.reports,
            refused=refused.count if refused else 0,
            decided=StoryReport.objects.filter(story=self.story)
            .exclude(status=ReportStatus.OPEN)
            .select_related("decided_by")
            .order_by("-decided_at", "-pk")[:20],
            history_url=reverse("wagtailadmin_pages:history", args=(self.story.pk,)),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            reports = decide_reports(
                story=self.story,
                moderator=self.request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except DecisionRefused as refusal:
            form.add_error(None, str(refusal.args[0]))
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("%(count)d report(s) about “%(title)s” decided.")
            % {"count": len(reports), "title": self.story.title},
        )
        return redirect("story_reports:index")


class ReportQueueViewSet(QueueViewSet):
    name = "story_reports"
    url_prefix = "reports/stories"
    icon = "warning"
    menu_label = _("Reported stories")
    menu_order = 195
    listing_class = ReportQueueView
    item_view_class = ReportDecisionView
