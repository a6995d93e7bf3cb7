"""Request links (community.services.request_links): a representative's list of their
organisation's links, with who answered; revoking one; and the page the link itself opens."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..forms import RequestLinkForm
from ..models import RequestLink, RequestLinkState
from ..services import request_links


def _managed_organization(request, slug: str):
    """The organisation, for someone who may manage its links; a 404 for anyone else."""
    return get_object_or_404(request_links.organizations_managed_by(request.user), slug=slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_link_list(request, slug):
    organization = _managed_organization(request, slug)
    form = RequestLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_links.request_link_create(
                member=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("The link is ready: copy it and send it."))
            return redirect("community:request_links", slug=organization.slug)
    links = [
        {
            "link": link,
            "state": link.state(uses=link.uses),
            "url": request.build_absolute_uri(link.get_absolute_url()),
            "responses": request_links.responses_to(link),
        }
        for link in request_links.links_managed_by(request.user, organization)
    ]
    return TemplateResponse(
        request,
        "community/request_links.html",
        {
            "organization": organization,
            "form": form,
            "links": links,
            "open_state": RequestLinkState.OPEN,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def request_link_revoke(request, slug, pk):
    organization = _managed_organization(request, slug)
    link = get_object_or_404(RequestLink, pk=pk, organization=organization)
    if request_links.request_link_revoke(member=request.user, link=link):
        messages.success(request, _("The link is closed. Stories started through it stay."))
    return redirect("community:request_links", slug=organization.slug)


@require_GET
def request_link_open(request, token):
    """What the person invited sees: the organisation's message and the way in (sign up, log in,
    or straight to the form); a closed link says why, plainly."""
    if not request_links.is_token(token):
        return HttpResponseBadRequest(
            _("This invitation link is not valid."), content_type="text/plain; charset=utf-8"
        )
    link = get_object_or_404(
        RequestLink.objects.select_related("organization", "industry"), token=token
    )
    state = request_links.state_of(link)
    context = {"link": link, "state": state}
    if state != RequestLinkState.OPEN:
        context["closed_message"] = request_links.closed_message(state)
        return TemplateResponse(request, "community/request_link_open.html", context, status=410)
    start = reverse("community:story_create") + "?" + urlencode({"invitation": link.token})
    after = urlencode({"next": start})
    context.update(
        start_url=start,
        signup_url=f"{reverse('account_signup')}?{after}",
        login_url=f"{reverse('account_login')}?{after}",
    )
    return TemplateResponse(request, "community/request_link_open.html", context)
