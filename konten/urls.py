from django.urls import path

from konten import views

app_name = "konten"

urlpatterns = [
    path("zwei-faktor/", views.ZweiFaktorView.as_view(), name="zwei-faktor"),
    path("tokens/", views.TokensView.as_view(), name="tokens"),
]
