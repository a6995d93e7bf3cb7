from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("organisations/<slug:slug>/", views.organization_detail, name="organization"),
]
