from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def url_without(context, name: str, value: str | None = None) -> str:
    """A link to the listing being shown without one of its filters, for a removable chip.

    The current query string loses ``name``'s ``value`` (every value of ``name`` when ``value`` is
    None) and the page number; every other parameter stays. With nothing left, the page's own path.
    """
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    if value is None:
        params.pop(name, None)
    else:
        kept = [v for v in params.getlist(name) if v.strip() != value]
        if kept:
            params.setlist(name, kept)
        else:
            params.pop(name, None)
    return "?" + params.urlencode() if params else request.path


@register.simple_tag
def industry_filters(industries, selected) -> list[dict]:
    """The industry filters in use, in the order given, each with its industry's name; a slug no
    industry has keeps its own text, so its chip can still be removed."""
    names = {industry.slug: industry.localized_name for industry in industries}
    slugs = dict.fromkeys(slug.strip() for slug in selected or () if slug.strip())
    return [{"value": slug, "label": names.get(slug, slug)} for slug in slugs]
