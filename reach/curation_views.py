"""The members' collection pages: an organisation's representative curates its collections
(reach.curation; one policy, reach.permissions). Anyone else gets the site's 404."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community.models import Organization

from . import curation
from .forms import AddStoryForm, CollectionForm
from .models import MAX_STORIES, pickable_stories
from .permissions import collection_policy
from .seo import absolute

STORY_ACTIONS = {"remove", "up", "down"}


def _organization(request, slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None or not collection_policy.may_curate_for(request.user, organization):
        raise Http404
    return organization


def _collection(request, organization, pk):
    return get_object_or_404(curation.collections_of(request.user, organization), pk=pk)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def embed(collection) -> dict:
    """The lines a representative pastes into their site, and the wall to look at first."""
    query = urlencode({"collection": collection.slug, "language": collection.language})
    frame_url = absolute(reverse("embed_wall") + "?" + query)
    # The markup to paste, as text (the page shows it escaped, inside <code>).
    script_tag = (
        f'<script src="{escape(absolute("/embed/wall.js"))}" '
        f'data-collection="{escape(collection.slug)}" '
        f'data-language="{escape(collection.language)}" async></script>'
    )
    frame_tag = (
        f'<iframe src="{escape(frame_url)}" title="{escape(collection.title)}" width="100%" '
        'height="640" style="border:0" loading="lazy"></iframe>'
    )
    return {
        "terang": absolute(""),
        "frame_url": frame_url,
        "preview_url": reverse("embed_wall") + "?" + query,
        "script_tag": script_tag,
        "frame_tag": frame_tag,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def collection_list(request, slug):
    organization = _organization(request, slug)
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collection = curation.collection_create(
                member=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The collection is made: now add its stories."))
            return redirect("reach:collection", slug=organization.slug, pk=collection.pk)
    collections = [
        {"collection": collection, "count": len(collection.items.all()), **embed(collection)}
        for collection in curation.collections_of(request.user, organization)
    ]
    return TemplateResponse(
        request,
        "reach/collections.html",
        {"organization": organization, "form": form, "collections": collections},
        status=400 if form.errors else 200,
    )


def _story_id(request) -> int | None:
    raw = request.POST.get("story", "")
    if raw.isascii() and raw.isdigit() and len(raw) <= 12:
        return int(raw)
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def collection_edit(request, slug, pk):
    organization = _organization(request, slug)
    collection = _collection(request, organization, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    initial = {name: getattr(collection, name) for name in curation.FIELDS}
    form = CollectionForm(request.POST if action == "save" else None, initial=initial)
    add_form = AddStoryForm(
        request.POST if action == "add" else None, stories=curation.stories_to_add(collection)
    )
    if request.method == "POST":
        if action == "save" and form.is_valid():
            try:
                curation.collection_update(
                    member=request.user, collection=collection, **form.cleaned_data
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The collection is saved."))
                return redirect("reach:collection", slug=organization.slug, pk=collection.pk)
        elif action == "add" and add_form.is_valid():
            try:
                curation.collection_add_story(
                    member=request.user,
                    collection=collection,
                    story_id=add_form.cleaned_data["story"].pk,
                )
            except ValidationError as error:
                _form_errors(add_form, error)
            else:
                messages.success(request, _("The story is added at the end."))
                return redirect("reach:collection", slug=organization.slug, pk=collection.pk)
        elif action in STORY_ACTIONS:
            story_id = _story_id(request)
            if story_id is None:
                return HttpResponseBadRequest(
                    _("Choose a story of the collection."), content_type="text/plain; charset=utf-8"
                )
            if action == "remove":
                done = curation.collection_remove_story(
                    member=request.user, collection=collection, story_id=story_id
                )
            else:
                done = curation.collection_move_story(
                    member=request.user,
                    collection=collection,
                    story_id=story_id,
                    offset=-1 if action == "up" else 1,
                )
            if done:
                messages.success(
                    request,
                    _("The story is taken out.")
                    if action == "remove"
                    else _("The order is saved."),
                )
            return redirect("reach:collection", slug=organization.slug, pk=collection.pk)
        elif action not in ("save", "add"):
            return HttpResponseBadRequest(
                _("That is not something this page can do."),
                content_type="text/plain; charset=utf-8",
            )
    shown = set(
        pickable_stories(organization.pk)
        .filter(pk__in=collection.items.values("story_id"))
        .values_list("pk", flat=True)
    )
    items = collection.items.select_related("story").order_by("sort_order", "pk")
    stories = [
        {"story": item.story, "shown": item.story_id in shown, "first": first, "last": last}
        for first, last, item in _positions(list(items))
    ]
    return TemplateResponse(
        request,
        "reach/collection_edit.html",
        {
            "organization": organization,
            "collection": collection,
            "form": form,
            "add_form": add_form,
            "stories": stories,
            "max_stories": MAX_STORIES,
            "full": len(stories) >= MAX_STORIES,
            **embed(collection),
        },
        status=400 if form.errors or add_form.errors else 200,
    )


def _positions(items):
    for index, item in enumerate(items):
        yield index == 0, index == len(items) - 1, item


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def collection_delete(request, slug, pk):
    organization = _organization(request, slug)
    collection = _collection(request, organization, pk)
    if request.method == "POST":
        curation.collection_delete(member=request.user, collection=collection)
        messages.success(
            request,
            _("The collection is deleted. A wall that still names it shows an error now."),
        )
        return redirect("reach:collections", slug=organization.slug)
    return TemplateResponse(
        request,
        "reach/collection_delete.html",
        {"organization": organization, "collection": collection},
    )
