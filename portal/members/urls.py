"""/membres/: the members' area home, sign-in, sign-out, password reset, profile and directory."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from portal.members import views

app_name = "members"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(template_name="portal/members/login.html"),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path(
        "mot-de-passe/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("members:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html",
            success_url=reverse_lazy("members:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("profil/", views.my_profile, name="my_profile"),
    path("annuaire/", views.directory, name="directory"),
    path("<int:pk>/", views.member_detail, name="detail"),
]
