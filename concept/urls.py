from django.urls import path

from concept import views

app_name = "concept"
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
]
