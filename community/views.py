from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from stories.models import StoryPage
from stories.review import member_may_edit, member_may_withdraw, story_status

from . import services
from .forms import AccountDeleteForm, OrganizationForm
from .models import Organization, OrganizationMembership
from .two_factor import has_authenticator_app

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


def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    stories = (
        StoryPage.objects.live()
        .public()
        .filter(organization=organization)
        .select_related("hero_image")
        .prefetch_related("industries")
        .order_by("-first_published_at")
    )
    page = Paginator(stories, 12).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "community/organization_detail.html",
        {"organization": organization, "stories": page},
    )


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


@login_required
@require_http_methods(["GET", "POST"])
def story_withdraw(request, pk):
    story = get_object_or_404(StoryPage, pk=pk, owner=request.user)
    if request.method == "POST":
        was_public = story.live or story.current_workflow_state is not None
        story = services.story_withdraw(member=request.user, story=story)
        if was_public:
            messages.success(
                request,
                _("“%(title)s” is withdrawn: it is no longer on the site or in review.")
                % {"title": story.draft_title},
            )
        else:
            messages.info(
                request,
                _("“%(title)s” was already withdrawn.") % {"title": story.draft_title},
            )
        return redirect("community:dashboard")
    return TemplateResponse(
        request,
        "community/dashboard_story_withdraw.html",
        {
            "story": story,
            "status": story_status(story),
            "in_review": story.current_workflow_state is not None,
        },
    )


@login_required
@require_safe
def data_export(request):
    """A ZIP archive: data.json and the images and evidence files the member uploaded."""
    archive = services.member_export_archive(member=request.user)
    filename = f"terang-data-{timezone.localdate():%Y-%m-%d}.zip"
    response = StreamingHttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    if request.user.is_superuser:
        messages.error(
            request, _("An administrator's account is deleted by another administrator.")
        )
        return redirect("community:dashboard")
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.member_delete(member=request.user)
        logout(request)
        messages.success(
            request,
            _("Your account is deleted and your stories are no longer published. Goodbye."),
        )
        return redirect("/")
    live_stories = StoryPage.objects.filter(owner=request.user).live().count()
    return TemplateResponse(
        request, "community/account_delete.html", {"form": form, "live_stories": live_stories}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = services.organization_create(member=request.user, data=form.cleaned_data)
        messages.success(
            request,
            _(
                "%(name)s is registered. A moderator will check its licence and the regulator's "
                "list before it shows as verified."
            )
            % {"name": organization.name},
        )
        return redirect("community:dashboard")
    return TemplateResponse(
        request, "community/organization_form.html", {"form": form, "organization": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, slug):
    organization = get_object_or_404(Organization.objects.represented_by(request.user), slug=slug)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        verification_reset = services.organization_update(
            member=request.user, organization=organization, data=form.cleaned_data
        )
        if verification_reset:
            messages.warning(
                request,
                _(
                    "Saved. Because you changed the name, the licence number or the association "
                    "membership, %(name)s is no longer shown as verified until a moderator checks "
                    "it again."
                )
                % {"name": organization.name},
            )
        else:
            messages.success(request, _("Saved."))
        return redirect("community:dashboard")
    return TemplateResponse(
        request,
        "community/organization_form.html",
        {"form": form, "organization": organization},
    )
