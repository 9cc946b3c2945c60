from django.urls import path

from netzwerk.views import EinladungView

app_name = "netzwerk"

urlpatterns = [
    path("<str:token>/", EinladungView.as_view(), name="einladung"),
]
