from django.urls import path, re_path

from questions import views

app_name = "questions"

urlpatterns = [
    path("questions/", views.index, name="index"),
    path("questions/poser/", views.ask, name="ask"),
    path("questions/semblables/", views.similar, name="similar"),
    path("questions/mes-suivis/", views.follows, name="follows"),
    path("questions/signalements/", views.reports, name="reports"),
    re_path(
        r"^questions/desabonnement/(?P<scope>suivi|tout)/(?P<token>[^/]+)/$",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path("questions/<int:pk>/", views.detail, name="detail"),
    path("questions/<int:pk>/suivre/", views.follow, name="follow"),
    path("questions/<int:pk>/signaler/", views.report, name="report"),
    path("questions/<int:pk>/moderer/", views.moderate, name="moderate"),
    path("questions/<int:pk>/capitaliser/", views.capitalise_view, name="capitalise"),
    path("questions/<int:pk>/reponses/<int:answer_pk>/utile/", views.vote, name="vote"),
    path("questions/<int:pk>/reponses/<int:answer_pk>/accepter/", views.accept, name="accept"),
]
