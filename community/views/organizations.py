"""An organisation's public page, and registering and editing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stories.models import StoryPage, with_card_images
from stories.page_cache import cacheable

from .. import services
from ..forms import OrganizationForm
from ..models import Organization


@cacheable
def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    stories = with_card_images(
        StoryPage.objects.live()
        .public()
        .filter(organization=organization)
        .select_related("organization")
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
