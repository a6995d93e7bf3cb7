"""The admin's "Appeals": members' appeals of rejections, oldest first, and the decision on one.
Only someone other than the moderator who rejected may decide (stories.appeals.may_decide)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet

from .appeals import AppealRefused, decide_appeal, may_decide
from .forms import AppealDecisionForm
from .models import Appeal, AppealOutcome
from .report_queue import report_permission_policy


class AppealQueueView(IndexView):
    model = Appeal
    permission_policy = report_permission_policy
    any_permission_required = None
    permission_required = "change"
    page_title = _("Appeals")
    header_icon = "help"
    paginate_by = 50
    index_url_name = "appeals:index"
    index_results_url_name = "appeals:index_results"
    is_searchable = False

    def get_base_queryset(self):
        return (
            Appeal.objects.filter(outcome=AppealOutcome.OPEN)
            .select_related("story", "rejection__moderator")
            .order_by("created_at", "pk")
        )

    def order_queryset(self, queryset):
        return queryset

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


class AppealDecisionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    permission_policy = report_permission_policy
    permission_required = "change"
    template_name = "stories/admin/appeal_decision.html"
    form_class = AppealDecisionForm
    header_icon = "help"
    _show_breadcrumbs = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.appeal = get_object_or_404(
            Appeal.objects.select_related("story", "rejection__moderator", "decided_by"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return gettext("Appeal about “%(title)s”") % {"title": self.appeal.story.title}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": gettext("Home")},
            {"url": reverse("appeals:index"), "label": gettext("Appeals")},
            {"url": "", "label": self.appeal.story.title},
        ]

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


class AppealQueueViewSet(ViewSet):
    name = "appeals"
    url_prefix = "appeals"
    icon = "help"
    menu_label = _("Appeals")
    menu_order = 197
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class AppealMenuItem(MenuItem):
            def is_shown(self, request):
                return report_permission_policy.user_has_permission(request.user, "change")

        return AppealMenuItem

    def get_urlpatterns(self):
        return [
            path("", AppealQueueView.as_view(), name="index"),
            path("results/", AppealQueueView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", AppealDecisionView.as_view(), name="decide"),
        ]
