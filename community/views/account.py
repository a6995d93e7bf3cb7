"""The member's own pages: the dashboard, their e-mail choices (and the one-click unsubscribe
that e-mails link to), and the admin's log-in address (the site's log-in)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from stories.analytics import story_figures, views_in_last_days
from stories.appeals import appealable_rejection
from stories.emails import member_language, read_unsubscribe_token
from stories.models import StoryPage
from stories.notifications import EmailTopic
from stories.review import member_may_edit, member_may_withdraw, story_status

from ..forms.account import EmailPreferencesForm
from ..models import OrganizationMembership, User
from ..services import email_topic_unsubscribe, email_topics_choose
from ..two_factor import has_authenticator_app

DASHBOARD_STORIES_PER_PAGE = 20
# The readers' figures a teller sees: the last 30 days.
READER_DAYS = 30


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
        .prefetch_related("review_decisions", "appeals")
        .order_by("-latest_revision_created_at", "-pk")
    )
    page = Paginator(stories, DASHBOARD_STORIES_PER_PAGE).get_page(request.GET.get("page"))
    for story in page:
        story.status = story_status(story)
        story.can_edit = member_may_edit(story)
        story.can_withdraw = member_may_withdraw(story)
        story.appealable = appealable_rejection(story, request.user) is not None
        story.latest_appeal = max(story.appeals.all(), key=lambda appeal: appeal.pk, default=None)
    memberships = list(
        OrganizationMembership.objects.filter(user=request.user).select_related("organization")
    )
    # Readers of the member's stories and of the stories of the organisations they act for.
    organization_stories = list(
        StoryPage.objects.live()
        .filter(organization__in=[membership.organization for membership in memberships])
        .order_by("-first_published_at", "-pk")
    )
    views = views_in_last_days([story.pk for story in (*page, *organization_stories)])
    for story in (*page, *organization_stories):
        story.recent_views = views.get(story.pk, 0)
    for membership in memberships:
        membership.live_stories = [
            story
            for story in organization_stories
            if story.organization_id == membership.organization_id
        ]
    return TemplateResponse(
        request,
        "community/dashboard.html",
        {
            "stories": page,
            "memberships": memberships,
            "two_factor": has_authenticator_app(request.user),
            "email_form": EmailPreferencesForm(member=request.user),
            "reader_days": READER_DAYS,
        },
    )


@login_required
@require_safe
def story_readers(request, pk):
    """How many readers a story had, day by day, and which of its links they followed: for its
    teller and the representatives of its organisation. Anyone else gets the site's 404."""
    story = StoryPage.objects.filter(pk=pk).select_related("organization").first()
    if story is None or not may_see_readers(request.user, story):
        raise Http404
    response = TemplateResponse(
        request,
        "community/story_readers.html",
        {"story": story, "figures": story_figures(story, days=READER_DAYS)},
    )
    add_never_cache_headers(response)
    return response


def may_see_readers(user, story: StoryPage) -> bool:
    if story.owner_id == user.pk:
        return True
    return bool(
        story.organization_id
        and OrganizationMembership.objects.filter(
            user=user, organization_id=story.organization_id
        ).exists()
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_preferences(request):
    form = EmailPreferencesForm(
        request.POST if request.method == "POST" else None, member=request.user
    )
    if form.is_bound and form.is_valid():
        email_topics_choose(member=request.user, wanted=form.cleaned_data["topics"])
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect(reverse("community:dashboard") + "#emails")
    return TemplateResponse(request, "community/email_preferences.html", {"email_form": form})


# The link in an e-mail: no login (the signed token says whose it is and which e-mails). GET only
# shows a page, because mail scanners open links; the page's button, or the mail app's one-click
# request (RFC 8058, which carries no CSRF token), POSTs.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def email_unsubscribe(request, token: str):
    try:
        user_id, topic = read_unsubscribe_token(token)
        topic = EmailTopic(topic)
    except (signing.BadSignature, ValueError):
        member = None
    else:
        member = User.objects.filter(pk=user_id, is_active=True).first()
    if member is None:
        response = TemplateResponse(request, "community/email_unsubscribe_invalid.html", status=400)
    else:
        done = request.method == "POST"
        if done:
            email_topic_unsubscribe(member=member, topic=topic)
        language = member_language(member)
        with translation.override(language):
            response = TemplateResponse(
                request,
                "community/email_unsubscribe.html",
                {"topic": topic, "done": done, "token": token},
            ).render()
        response["Content-Language"] = language
    add_never_cache_headers(response)
    return response
