from django.urls import path

from capitalisation import views

app_name = "capitalisation"

urlpatterns = [
    path("indicateurs/tableau-de-bord/", views.dashboard_view, name="dashboard"),
    path("indicateurs/tableau-de-bord/export.csv", views.dashboard_csv, name="dashboard_csv"),
    path("indicateurs/tableau-de-bord/export.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("indicateurs/tableau-de-bord/export.ods", views.dashboard_ods, name="dashboard_ods"),
]
