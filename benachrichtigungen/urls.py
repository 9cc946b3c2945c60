from django.urls import path

from benachrichtigungen import views

app_name = "benachrichtigungen"

urlpatterns = [
    path(
        "benachrichtigungen/abbestellen/<str:token>/",
        views.AbbestellenView.as_view(),
        name="abbestellen",
    ),
    path("konto/benachrichtigungen/", views.EinstellungenView.as_view(), name="einstellungen"),
]
