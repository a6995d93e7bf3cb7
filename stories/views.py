import hashlib
import math
import mimetypes

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import get_resolver, get_urlconf
from django.utils import formats
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .accountability import MONTHS_SHOWN, moderation_figures
from .analytics import count_click, count_view, read_outbound
from .choices import ReportStatus
from .forms import ReportForm
from .image_files import image_for_file, is_public, may_see_private_image
from .models import EvidenceFile, StoryReport
from .page_cache import cacheable
from .permissions import can_view_evidence
from .reports import count_refused_report, report_story, reportable_stories
from .storage import image_url


def evidence_download(request, pk):
    """Private evidence, for moderators only. Everyone else gets the same 404 as a missing file."""
    evidence = get_object_or_404(EvidenceFile.objects.select_related("story"), pk=pk)
    if not can_view_evidence(request.user, evidence):
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _not_found(request):
    """The site's 404, never stored: the same answer for a missing file and a private one."""
    handler = get_resolver(get_urlconf()).resolve_error_handler(404)
    response = handler(request, exception=Http404())
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def image_file(request, name):
    """An image file (an original or a rendition), for whoever may see its image.

    Public images (a live, public page shows them) come with cache headers a browser or a CDN
    in front of Terang may use; private ones only to their uploader and the people who review or
    edit content, never stored. The visibility is decided before the session is read, so a public
    answer does not vary with the visitor.
    """
    image = image_for_file(name)
    if image is None:
        return _not_found(request)
    public = is_public(image)
    if not public and not may_see_private_image(request.user, image):
        return _not_found(request)

    if public:
        # A stored file never changes under its name (a new file or rendition gets a new name).
        etag = f'"{hashlib.blake2s(name.encode(), digest_size=12).hexdigest()}"'
        last_modified = int(image.created_at.timestamp())
        cache_control = f"public, max-age={settings.TERANG_PUBLIC_IMAGE_MAX_AGE}"
        unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if unchanged is not None:
            unchanged["Cache-Control"] = cache_control
            return unchanged

    storage = image.file.storage
    try:
        handle, size = storage.open_stream(name)
    except FileNotFoundError:
        return _not_found(request)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Length"] = size
    if public:
        response["Cache-Control"] = cache_control
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
    else:
        response["Cache-Control"] = "private, no-store"
    return response


def legacy_image_redirect(request, name):
    """Image addresses from before images left MEDIA_ROOT (old pages, feeds and shares)."""
    return HttpResponsePermanentRedirect(image_url(name))


@never_cache
@require_http_methods(["GET", "POST"])
def report_story_view(request, pk):
    """Any reader reports a published story (ACCOUNT_RATE_LIMITS "story_report"). A refused report
    is counted for the moderators and not queued; the form keeps what was typed."""
    story = get_object_or_404(reportable_stories(), pk=pk)
    form = ReportForm(request.POST or None)
    refused = False
    if request.method == "POST" and form.is_valid():
        if ratelimit.consume(request, action="story_report", key=f"{story.pk}:{_client(request)}"):
            report_story(
                story=story,
                language=(get_language() or "id")[:2],
                **form.cleaned_data,
            )
            return TemplateResponse(request, "stories/report_sent.html", {"story": story})
        count_refused_report(story=story)
        refused = True
        form.add_error(
            None,
            _(
                "You sent several reports in a short while, so this one was not sent. Wait an "
                "hour, then send it again: what you typed is still here."
            ),
        )
    status = 429 if refused else 200
    return TemplateResponse(
        request, "stories/report_form.html", {"story": story, "form": form}, status=status
    )


def _client(request) -> str:
    from allauth.account.adapter import get_adapter

    return get_adapter(request).get_client_ip(request)


@require_safe
@cacheable
def how_we_moderate(request):
    """The public "How we moderate" page: moderation's figures, read from the audit log."""
    figures = moderation_figures()
    return TemplateResponse(
        request,
        "stories/how_we_moderate.html",
        {
            "figures": figures,
            "totals": figures.totals,
            "median": duration_text(figures.median_hours),
            "p90": duration_text(figures.p90_hours),
            "months_shown": MONTHS_SHOWN,
            "open_reports": StoryReport.objects.filter(status=ReportStatus.OPEN).count(),
        },
    )


def duration_text(hours: float | None) -> str:
    """A decision time as a reader says it: minutes under an hour, hours under two days, then days."""
    if hours is None:
        return ""
    if hours < 1:
        minutes = max(1, round(hours * 60))
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    if hours < 48:
        whole = round(hours)
        return ngettext("%(count)d hour", "%(count)d hours", whole) % {"count": whole}
    days = round(hours / 24, 1)
    shown = formats.number_format(days, decimal_pos=0 if days == int(days) else 1)
    return ngettext("%(count)s day", "%(count)s days", math.ceil(days)) % {"count": shown}


@csrf_exempt
@require_POST
def story_view_beacon(request, story_id):
    """The story page's view beacon (stories.analytics): counts, sets nothing, answers nothing."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        address = ""
    count_view(story_id, address=address, user_agent=request.headers.get("User-Agent", ""))
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def story_outbound(request, token):
    """A story's outbound link: counted, then followed. Only links the site signed are followed."""
    found = read_outbound(token)
    if found is None:
        raise Http404
    story_id, url = found
    if request.method == "GET":
        count_click(story_id, url, user_agent=request.headers.get("User-Agent", ""))
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
