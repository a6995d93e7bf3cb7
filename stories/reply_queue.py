"""The admin's "Replies": organisations' replies waiting for a moderator, oldest first."""

from django.contrib import messages
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

from .forms import ReplyDecisionForm
from .models import OrganizationReply, ReplyStatus
from .replies import ReplyRefused, decide_reply
from .report_queue import report_permission_policy


class ReplyQueueView(IndexView):
    model = OrganizationReply
    permission_policy = report_permission_policy
    any_permission_required = None
    permission_required = "change"
    page_title = _("Organisations' replies")
    header_icon = "comment"
    paginate_by = 50
    index_url_name = "org_replies:index"
    index_results_url_name = "org_replies:index_results"
    is_searchable = False

    def get_base_queryset(self):
        return (
            OrganizationReply.objects.filter(status=ReplyStatus.PENDING)
            .select_related("story", "organization")
            .order_by("submitted_at", "pk")
        )

    def order_queryset(self, queryset):
        return queryset

    @property
    def columns(self):
        return [
            TitleColumn(
                "story",
                label=_("Story"),
                accessor=lambda reply: reply.story.title,
                get_url=lambda reply: reply_url(reply),
            ),
            Column("organization", label=_("Organisation")),
            DateColumn("submitted_at", label=_("Submitted")),
            Column(
                "edit",
                label=_("Edit of a shown reply"),
                accessor=lambda r: "✓" if r.published_at else "",
            ),
        ]


def reply_url(reply) -> str:
    return reverse("org_replies:decide", args=(reply.pk,))


class ReplyDecisionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    permission_policy = report_permission_policy
    permission_required = "change"
    template_name = "stories/admin/reply_decision.html"
    form_class = ReplyDecisionForm
    header_icon = "comment"
    _show_breadcrumbs = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.reply = get_object_or_404(
            OrganizationReply.objects.select_related("story", "organization", "author"),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return gettext("Reply under “%(title)s”") % {"title": self.reply.story.title}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": gettext("Home")},
            {"url": reverse("org_replies:index"), "label": gettext("Organisations' replies")},
            {"url": "", "label": self.reply.story.title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(reply=self.reply, story=self.reply.story, **kwargs)

    def form_valid(self, form):
        try:
            decide_reply(
                reply=self.reply,
                moderator=self.request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ReplyRefused as refusal:
            form.add_error(None, str(refusal.args[0]))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Reply decided."))
        return redirect("org_replies:index")


class ReplyQueueViewSet(ViewSet):
    name = "org_replies"
    url_prefix = "replies"
    icon = "comment"
    menu_label = _("Organisations' replies")
    menu_order = 198
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class ReplyMenuItem(MenuItem):
            def is_shown(self, request):
                return report_permission_policy.user_has_permission(request.user, "change")

        return ReplyMenuItem

    def get_urlpatterns(self):
        return [
            path("", ReplyQueueView.as_view(), name="index"),
            path("results/", ReplyQueueView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", ReplyDecisionView.as_view(), name="decide"),
        ]
