from django.urls import path

from veille import feeds, views

app_name = "veille"

urlpatterns = [
    path("veille/rss/", feeds.MonitoringRssFeed(), name="rss"),
    path("veille/atom/", feeds.MonitoringAtomFeed(), name="atom"),
    path("veille/archives/", views.archive, name="archive"),
    path("veille/abonnement/", views.subscribe, name="subscribe"),
    path("veille/abonnement/merci/", views.subscribe_done, name="subscribe_done"),
    path("veille/abonnement/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("veille/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
