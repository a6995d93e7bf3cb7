from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("<int:pk>/", views.evidence_download, name="evidence"),
]

# Mounted at /report/ (terang.urls): a reader reports a published story.
report_urlpatterns = [
    path("story/<int:pk>/", views.report_story_view, name="story"),
]
