"""The admin's "Request links": every organisation's links, newest first, and closing one that is
abused, with a reason kept in its history (community.services.request_links.request_link_close).
Shown to whoever handles the moderation queues (stories.moderation_queues.moderation_policy)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.models import ModelLogEntry

from stories.moderation_queues import QueueDecisionView, QueueListing, QueueViewSet

from .forms import RequestLinkCloseForm
from .models import RequestLink, RequestLinkState
from .services import request_links


def _with_uses(queryset):
    return queryset.select_related("organization", "industry").annotate(uses=Count("stories"))


def _state_label(link) -> str:
    return str(RequestLinkState(link.state(uses=link.uses)).label)


class RequestLinkListing(QueueListing):
    model = RequestLink
    page_title = _("Request links")
    header_icon = "link"
    index_url_name = "request_links_admin:index"
    index_results_url_name = "request_links_admin:index_results"

    def get_base_queryset(self):
        return _with_uses(RequestLink.objects.order_by("-created_at", "-pk"))

    @property
    def columns(self):
        return [
            TitleColumn(
                "organization",
                label=_("Organisation"),
                accessor=lambda link: link.organization.name,
                get_url=lambda link: reverse("request_links_admin:close", args=(link.pk,)),
            ),
            DateColumn("created_at", label=_("Created")),
            Column("state", label=_("State"), accessor=_state_label),
            Column(
                "uses",
                label=_("Stories started"),
                accessor=lambda link: f"{link.uses} / {link.max_uses}",
            ),
            Column(
                "message",
                label=_("Message"),
                accessor=lambda link: link.message[:80] + ("…" if len(link.message) > 80 else ""),
            ),
        ]


class RequestLinkCloseView(QueueDecisionView):
    template_name = "community/admin/request_link_close.html"
    form_class = RequestLinkCloseForm
    header_icon = "link"
    queue_index_url_name = "request_links_admin:index"
    queue_label = _("Request links")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.link = get_object_or_404(_with_uses(RequestLink.objects.all()), pk=kwargs["pk"])

    def get_page_title(self):
        return gettext("Request link of %(name)s") % {"name": self.link.organization.name}

    def item_title(self):
        return self.link.organization.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            link=self.link,
            state=_state_label(self.link),
            is_open=self.link.state(uses=self.link.uses) == RequestLinkState.OPEN,
            closed=self.link.revoked_at is not None,
            responses=request_links.responses_to(self.link),
            history=ModelLogEntry.objects.for_instance(self.link).select_related("user"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            closed = request_links.request_link_close(
                moderator=self.request.user, link=self.link, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal) or gettext("You may not close request links."))
            return self.form_invalid(form)
        except ValidationError as error:
            for problem in error.messages:
                form.add_error("reason", problem)
            return self.form_invalid(form)
        if closed:
            messages.success(
                self.request,
                gettext("The request link of %(name)s is closed.")
                % {"name": self.link.organization.name},
            )
        return redirect("request_links_admin:index")


class RequestLinkViewSet(QueueViewSet):
    name = "request_links_admin"
    url_prefix = "request-links"
    icon = "link"
    menu_label = _("Request links")
    menu_order = 215
    listing_class = RequestLinkListing
    item_view_class = RequestLinkCloseView
    item_path = "close/"
    item_url_name = "close"
