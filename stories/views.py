from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .models import EvidenceFile
from .permissions import can_view_evidence


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(EvidenceFile.objects.select_related("story"), pk=pk)
    if not can_view_evidence(request.user, evidence):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
