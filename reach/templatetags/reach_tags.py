from urllib.parse import quote

from django import template

from reach.languages import page_alternates
from reach.seo import absolute, head_for

register = template.Library()


@register.inclusion_tag("reach/head.html", takes_context=True)
def reach_head(context):
    head = head_for(context)
    page = context.get("page")
    return {"head": head, "alternates": page_alternates(page) if head and page else []}


@register.inclusion_tag("reach/share_buttons.html", takes_context=True)
def share_buttons(context):
    """Plain links to each network's own share page for the live page shown: no script of
    theirs, nothing loaded until the reader clicks. None in a preview."""
    request, page = context.get("request"), context.get("page")
    if request is None or getattr(request, "is_preview", False) or not getattr(page, "live", 0):
        return {"networks": []}
    url, title = absolute(request.path), page.title
    link, text = quote(url, safe=""), quote(title, safe="")
    both = quote(f"{title} {url}", safe="")
    return {
        "url": url,
        "networks": [
            ("whatsapp", "WhatsApp", f"https://wa.me/?text={both}"),
            ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={link}"),
            ("x", "X", f"https://x.com/intent/post?text={text}&url={link}"),
            ("linkedin", "LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={link}"),
            ("telegram", "Telegram", f"https://t.me/share/url?url={link}&text={text}"),
        ],
    }


@register.inclusion_tag("reach/embed/code.html")
def embed_code(organization):
    """The lines an organisation copies into its own site: its wall's script tag and its badge."""
    return {
        "organization": organization,
        "terang": absolute(""),
        "page_url": absolute(organization.get_absolute_url()),
    }
