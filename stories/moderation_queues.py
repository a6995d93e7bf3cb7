"""What the moderators' queues in the Wagtail admin share: readers' reports, due re-reviews,
appeals and organisations' replies. Each is a Wagtail listing (``QueueListing``), a page to decide
one item (``QueueDecisionView``), and a ``QueueViewSet`` that mounts both under a menu item shown to
whoever may handle them: the Moderators group and administrators (``moderation_policy``: the
change permission of readers' reports, which the Moderators group holds)."""

from django.urls import path, reverse
from django.utils.translation import gettext
from django.views.generic import FormView
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import StoryReport

moderation_policy = ModelPermissionPolicy(StoryReport)


class QueueListing(IndexView):
    """A queue, in the order its queryset gives (oldest or most urgent first), 50 to a page."""

    permission_policy = moderation_policy
    any_permission_required = None
    permission_required = "change"
    paginate_by = 50
    is_searchable = False

    def order_queryset(self, queryset):
        return queryset


class QueueDecisionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """The page where a moderator decides one item of a queue; breadcrumbs lead back to it.

    A subclass names the queue (``queue_index_url_name``, ``queue_label``) and gives
    ``item_title()``, the last crumb: the title of the story the item is about.
    """

    permission_policy = moderation_policy
    permission_required = "change"
    _show_breadcrumbs = True
    queue_index_url_name = ""
    queue_label = ""

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": gettext("Home")},
            {"url": reverse(self.queue_index_url_name), "label": str(self.queue_label)},
            {"url": "", "label": self.item_title()},
        ]


class QueueViewSet(ViewSet):
    """Mounts a queue's listing at its root and its item view at ``<int:pk>/<item_path>``."""

    add_to_admin_menu = True
    listing_class: type[IndexView]
    item_view_class: type
    item_path = ""
    item_url_name = "decide"
    # Who sees the menu item: the same policy and permission as the queue's views.
    permission_policy = moderation_policy
    permission_required = "change"

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        policy, permission = self.permission_policy, self.permission_required

        class QueueMenuItem(MenuItem):
            def is_shown(self, request):
                return policy.user_has_permission(request.user, permission)

        return QueueMenuItem

    def get_urlpatterns(self):
        return [
            path("", self.listing_class.as_view(), name="index"),
            path("results/", self.listing_class.as_view(results_only=True), name="index_results"),
            path(
                f"<int:pk>/{self.item_path}",
                self.item_view_class.as_view(),
                name=self.item_url_name,
            ),
        ]
