from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("<int:pk>/", views.evidence_download, name="evidence"),
]
