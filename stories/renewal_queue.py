"""The admin's "Due re-reviews": published stories whose review is overdue (stories.renewal), oldest
first, each with a button that starts its re-review. Built on Wagtail's generic listing view; the
people who handle readers' reports (the Moderators group, administrators) see it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet

from .models import StoryPage
from .renewal import NotDue, due_stories, start_rereview
from .report_queue import report_permission_policy


class DueRereviewsView(IndexView):
    model = StoryPage
    permission_policy = report_permission_policy
    any_permission_required = None
    permission_required = "change"
    page_title = _("Due re-reviews")
    header_icon = "history"
    paginate_by = 50
    index_url_name = "due_rereviews:index"
    index_results_url_name = "due_rereviews:index_results"
    is_searchable = False

    def get_base_queryset(self):
        return due_stories().select_related("organization")

    def order_queryset(self, queryset):
        return queryset

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Story"),
                get_url=lambda story: reverse("wagtailadmin_pages:history", args=(story.pk,)),
            ),
            DateColumn("reviewed_at", label=_("Reviewed on")),
            DateColumn("rereview_due_on", label=_("Due since")),
            Column("verification", label=_("Tier"), accessor="get_verification_display"),
            StartColumn("start", label=_("Re-review")),
        ]


class StartColumn(Column):
    """A button that starts the row's re-review (a POST, with the listing's CSRF token)."""

    cell_template_name = "stories/admin/start_rereview_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = parent_context.get("csrf_token")
        context["start_url"] = reverse("due_rereviews:start", args=(instance.pk,))
        return context


class StartRereviewView(PermissionCheckedMixin, View):
    permission_policy = report_permission_policy
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        story = get_object_or_404(StoryPage, pk=pk)
        try:
            start_rereview(story, moderator=request.user)
        except NotDue:
            messages.error(
                request,
                gettext("“%(title)s” is not due for re-review, or its re-review has begun.")
                % {"title": story.title},
            )
        else:
            messages.success(
                request,
                gettext(
                    "Re-review of “%(title)s” started: it stays up, marked “under re-review”, "
                    "and waits in the “Story review” workflow."
                )
                % {"title": story.title},
            )
        return redirect("due_rereviews:index")


class DueRereviewsViewSet(ViewSet):
    name = "due_rereviews"
    url_prefix = "reviews/due"
    icon = "history"
    menu_label = _("Due re-reviews")
    menu_order = 196
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class DueRereviewsMenuItem(MenuItem):
            def is_shown(self, request):
                return report_permission_policy.user_has_permission(request.user, "change")

        return DueRereviewsMenuItem

    def get_urlpatterns(self):
        return [
            path("", DueRereviewsView.as_view(), name="index"),
            path("results/", DueRereviewsView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/start/", StartRereviewView.as_view(), name="start"),
        ]
