from django.urls import path

from konten import views

app_name = "konten"

urlpatterns = [
    path("zwei-faktor/", views.ZweiFaktorView.as_view(), name="zwei-faktor"),
    path("tokens/", views.TokensView.as_view(), name="tokens"),
    # LOGIN_REDIRECT_URL: Büro → admin, Bürgerschaft → its overview, partners → Meine Maßnahmen.
    path("start/", views.StartNachAnmeldungView.as_view(), name="start"),
]
