from django.urls import path

from veille import alert_feed, alert_views, feeds, views

app_name = "veille"

urlpatterns = [
    path("veille/rss/", feeds.MonitoringRssFeed(), name="rss"),
    path("veille/atom/", feeds.MonitoringAtomFeed(), name="atom"),
    path("veille/archives/", views.archive, name="archive"),
    path("veille/abonnement/", views.subscribe, name="subscribe"),
    path("veille/abonnement/merci/", views.subscribe_done, name="subscribe_done"),
    path("veille/abonnement/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("veille/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("veille/alertes/creer/", alert_views.create, name="alert_create"),
    path("veille/alertes/merci/", alert_views.done, name="alert_done"),
    path("veille/alertes/confirmer/<str:token>/", alert_views.confirm, name="alert_confirm"),
    path(
        "veille/alertes/desinscription/<str:token>/",
        alert_views.unsubscribe,
        name="alert_unsubscribe",
    ),
    path("veille/alertes/<str:public_id>/rss/", alert_feed.AlertRssFeed(), name="alert_feed"),
]
