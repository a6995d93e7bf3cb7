"""The member's own pages: the dashboard, and the admin's log-in address (the site's log-in)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from stories.models import StoryPage
from stories.review import member_may_edit, member_may_withdraw, story_status

from ..models import OrganizationMembership
from ..two_factor import has_authenticator_app

DASHBOARD_STORIES_PER_PAGE = 20


@csrf_exempt  # it changes nothing and reads no password: every request gets the same redirect
def admin_login(request):
    """The Wagtail admin's login address: one login form for everyone, with its throttle and
    two-factor step, so this only sends people there (GET or POST, no password is ever read)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("wagtailadmin_home")
    return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': target})}")


@login_required
@require_safe
def dashboard(request):
    stories = (
        StoryPage.objects.filter(owner=request.user)
        .select_related("organization")
        .prefetch_related("review_decisions")
        .order_by("-latest_revision_created_at", "-pk")
    )
    page = Paginator(stories, DASHBOARD_STORIES_PER_PAGE).get_page(request.GET.get("page"))
    for story in page:
        story.status = story_status(story)
        story.can_edit = member_may_edit(story)
        story.can_withdraw = member_may_withdraw(story)
    memberships = OrganizationMembership.objects.filter(user=request.user).select_related(
        "organization"
    )
    return TemplateResponse(
        request,
        "community/dashboard.html",
        {
            "stories": page,
            "memberships": memberships,
            "two_factor": has_authenticator_app(request.user),
        },
    )
