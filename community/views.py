from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from stories.models import StoryPage

from .models import Organization


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
