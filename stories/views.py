from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .models import EvidenceFile
from .permissions import can_view_evidence


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
