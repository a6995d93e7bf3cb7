"""The admin's "Appeals": members' appeals of rejections, oldest first, and the decision on one.
Only someone other than the moderator who rejected may decide (stories.appeals.may_decide)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from .appeals import AppealRefused, decide_appeal, may_decide
from .forms import AppealDecisionForm
from .models import Appeal, AppealOutcome
from .moderation_queues import QueueDecisionView, QueueListing, QueueViewSet


class AppealQueueView(QueueListing):
    model = Appeal
    page_title = _("Appeals")
    header_icon = "help"
    index_url_name = "appeals:index"
    index_results_url_name = "appeals:index_results"

    def get_base_queryset(self):
        return (
            Appeal.objects.filter(outcome=AppealOutcome.OPEN)
            .select_related("story", "rejection__moderator")
            .order_by("created_at", "pk")
        )

    @property
    def columns(self):
        return [
            TitleColumn(
                "story",
                label=_("Story"),
                accessor=lambda appeal: appeal.story.title,
                get_url=lambda appeal: reverse("appeals:decide", args=(appeal.pk,)),
            ),
            DateColumn("created_at", label=_("Appealed on")),
            Column(
                "rejected_by",
                label=_("Rejected by"),
                accessor=lambda appeal: appeal.rejection.moderator or "—",
            ),
            Column(
                "reason",
                label=_("Reason for the rejection"),
                accessor=lambda appeal: appeal.rejection.get_reason_display(),
            ),
        ]


class AppealDecisionView(QueueDecisionView):
    template_name = "stories/admin/appeal_decision.html"
    form_class = AppealDecisionForm
    header_icon = "help"
    queue_index_url_name = "appeals:index"
    queue_label = _("Appeals")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.appeal = get_object_or_404(
            Appeal.objects.select_related("story", "rejection__moderator", "decided_by"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return gettext("Appeal about “%(title)s”") % {"title": self.appeal.story.title}

    def item_title(self):
        return self.appeal.story.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            appeal=self.appeal,
            story=self.appeal.story,
            may_decide=may_decide(self.appeal, self.request.user),
            history_url=reverse("wagtailadmin_pages:history", args=(self.appeal.story_id,)),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            decide_appeal(
                appeal=self.appeal,
                user=self.request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        except AppealRefused as refusal:
            form.add_error(None, str(refusal.args[0]))
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Appeal about “%(title)s” decided.") % {"title": self.appeal.story.title},
        )
        return redirect("appeals:index")


class AppealQueueViewSet(QueueViewSet):
    name = "appeals"
    url_prefix = "appeals"
    icon = "help"
    menu_label = _("Appeals")
    menu_order = 197
    listing_class = AppealQueueView
    item_view_class = AppealDecisionView
