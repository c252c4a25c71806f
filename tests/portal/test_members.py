"""The members' area: sign-in (with brute-force lockout), password reset by e-mail,
"Mon profil", the directory and the profile pages."""

import re

import pytest
from django.contrib.auth import get_user_model

from portal.factories import ThemeFactory, UserFactory
from portal.models import MemberProfile
from tests.support.members import PASSWORD, build_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(site_tree):
    return build_network()


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def login(client, username, password, next_url=""):
    page = client.get("/membres/connexion/", {"next": next_url} if next_url else {})
    return client.post(
        "/membres/connexion/",
        {
            "username": username,
            "password": password,
            "next": next_url,
            "csrfmiddlewaretoken": csrf_token(page),
        },
    )


# --- sign-in, lockout, sign-out -----------------------------------------------------
def test_login_page_is_french_and_protected_by_csrf(csrf_client, network):
    response = csrf_client.get("/membres/connexion/")
    assert response.status_code == 200
    assert "Connexion à l'espace membres" in response.text
    assert 'for="id_username"' in response.text
    assert "Mot de passe oublié" in response.text
    refused = csrf_client.post("/membres/connexion/", {"username": "lea", "password": PASSWORD})
    assert refused.status_code == 403


def test_login_then_next_then_logout(csrf_client, network):
    response = login(csrf_client, "lea", PASSWORD, next_url="/membres/annuaire/")
    assert response.status_code == 302
    assert response["Location"] == "/membres/annuaire/"
    assert csrf_client.get("/membres/annuaire/").status_code == 200
    my_profile = csrf_client.get("/membres/profil/")
    logout = csrf_client.post(
        "/membres/deconnexion/", {"csrfmiddlewaretoken": csrf_token(my_profile)}
    )
    assert logout.status_code == 302
    assert csrf_client.get("/membres/annuaire/").status_code == 302


def test_login_without_next_lands_in_the_members_space(csrf_client, network):
    response = login(csrf_client, "lea", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/membres/"  # the members' area (issue #24, 3)
    assert csrf_client.get(response["Location"]).status_code == 200


def test_wrong_password_shows_a_french_error(client, network):
    response = login(client, "lea", "pas-le-bon")
    assert response.status_code == 200
    assert "error-summary" in response.text
    assert "nom d’utilisateur" in response.text.lower() or "identifiant" in response.text


def test_five_failures_lock_the_account_for_this_address(client, network):
    for _ in range(4):
        assert login(client, "lea", "pas-le-bon").status_code == 200
    locked = login(client, "lea", "pas-le-bon")
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.text
    # Even the right password is refused while the lock lasts, on the admin login too.
    assert login(client, "lea", PASSWORD).status_code == 429
    admin = client.get("/admin/login/")
    admin_post = client.post(
        "/admin/login/",
        {"username": "lea", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(admin)},
    )
    assert admin_post.status_code == 429
    # Another account from the same address is not locked.
    assert login(client, "thomas", PASSWORD).status_code == 302


def test_successful_login_resets_the_failure_count(client, network):
    for _ in range(4):
        login(client, "lea", "pas-le-bon")
    assert login(client, "lea", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "lea", "pas-le-bon").status_code == 200


# --- password reset -------------------------------------------------------------------
def test_password_reset_by_email(client, network, smtp_server):
    form = client.get("/membres/mot-de-passe/")
    assert "Mot de passe oublié" in form.text
    response = client.post(
        "/membres/mot-de-passe/",
        {"email": "lea@exemple.fr", "csrfmiddlewaretoken": csrf_token(form)},
    )
    assert response.status_code == 302
    assert response["Location"] == "/membres/mot-de-passe/envoye/"
    assert smtp_server.recipients() == ["lea@exemple.fr"]
    _, message = smtp_server.messages[0]
    assert "nouveau mot de passe" in message["Subject"]
    link = re.search(r"http://testserver(/membres/mot-de-passe/\S+/)", message.get_content())
    assert link, message.get_content()

    confirm = client.get(link.group(1), follow=True)
    assert "Choisir un nouveau mot de passe" in confirm.text
    set_url = confirm.redirect_chain[-1][0]
    weak = client.post(
        set_url,
        {
            "new_password1": "1234",
            "new_password2": "1234",
            "csrfmiddlewaretoken": csrf_token(confirm),
        },
    )
    assert weak.status_code == 200
    assert "error-summary" in weak.text
    done = client.post(
        set_url,
        {
            "new_password1": "Ecologie-industrielle-2026",
            "new_password2": "Ecologie-industrielle-2026",
            "csrfmiddlewaretoken": csrf_token(confirm),
        },
    )
    assert done.status_code == 302
    assert done["Location"] == "/membres/mot-de-passe/termine/"
    assert get_user_model().objects.get(username="lea").check_password("Ecologie-industrielle-2026")
    assert "n'est plus valable" in client.get(link.group(1), follow=True).text


def test_password_reset_for_an_unknown_address_sends_nothing(client, network, smtp_server):
    form = client.get("/membres/mot-de-passe/")
    response = client.post(
        "/membres/mot-de-passe/",
        {"email": "inconnu@exemple.fr", "csrfmiddlewaretoken": csrf_token(form)},
    )
    assert response.status_code == 302
    assert smtp_server.messages == []


# --- access rule ----------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/membres/annuaire/", "/membres/profil/", "/membres/{pk}/"])
def test_members_area_access_rule(client, network, url):
    url = url.format(pk=network.facilitator.pk)
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/membres/connexion/?next=")
    client.force_login(network.outsider)
    forbidden = client.get(url)
    assert forbidden.status_code == 403
    assert "réservé" in forbidden.text.lower()
    for member in (network.facilitator, network.animator):
        client.force_login(member)
        assert client.get(url).status_code == 200


def test_profile_of_someone_outside_the_network_is_not_found(client, network):
    client.force_login(network.facilitator)
    assert client.get(f"/membres/{network.outsider.pk}/").status_code == 404
    inactive = UserFactory(is_active=False)
    inactive.groups.add(*network.facilitator.groups.all())
    assert client.get(f"/membres/{inactive.pk}/").status_code == 404


# --- Mon profil -----------------------------------------------------------------------
def test_member_edits_his_profile(client, network):
    theme = ThemeFactory(name="Énergie", slug="energie")
    client.force_login(network.facilitator)
    form = client.get("/membres/profil/")
    assert form.status_code == 200
    assert not MemberProfile.objects.exists()
    response = client.post(
        "/membres/profil/",
        {
            "account-first_name": "Léa",
            "account-last_name": "Morel",
            "profile-role": "Animatrice EIT",
            "profile-skills": "diagnostic de flux, biomasse",
            "profile-expertise_themes": [theme.pk],
            "profile-bio": "<script>alert(1)</script>Bonjour\nà tous",
            "profile-phone": "03 26 00 00 00",
            "profile-show_email": "on",
            "csrfmiddlewaretoken": csrf_token(form),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/membres/{network.facilitator.pk}/"
    profile = MemberProfile.objects.get(user=network.facilitator)
    assert profile.skill_list == ["diagnostic de flux", "biomasse"]
    assert list(profile.expertise_themes.all()) == [theme]
    assert not profile.show_phone
    page = client.get(response["Location"])
    assert "Votre profil a été enregistré." in page.text
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Bonjour<br>à tous" in page.text
    assert "Morel" in page.text


def test_profile_errors_are_french_and_linked_to_fields(client, network):
    client.force_login(network.facilitator)
    form = client.get("/membres/profil/")
    response = client.post(
        "/membres/profil/",
        {
            "profile-phone": "appelez-moi",
            "profile-show_phone": "on",
            "csrfmiddlewaretoken": csrf_token(form),
        },
    )
    assert response.status_code == 200
    assert 'href="#id_profile-phone"' in response.text
    assert "Saisissez un numéro de téléphone valide" in response.text
    assert 'aria-invalid="true"' in response.text
    assert not MemberProfile.objects.exists()
    response = client.post(
        "/membres/profil/",
        {"profile-show_phone": "on", "csrfmiddlewaretoken": csrf_token(form)},
    )
    assert "Indiquez un numéro pour pouvoir le montrer aux membres." in response.text


def test_member_cannot_change_his_territory(client, network):
    client.force_login(network.facilitator)
    form = client.get("/membres/profil/")
    client.post(
        "/membres/profil/",
        {
            "account-territory": network.moselle.pk,
            "account-structure": "Autre",
            "csrfmiddlewaretoken": csrf_token(form),
        },
    )
    network.facilitator.refresh_from_db()
    assert network.facilitator.territory == network.ardennes


# --- directory ------------------------------------------------------------------------
def profile(user, *themes, **values):
    profile = MemberProfile.objects.create(user=user, **values)
    profile.expertise_themes.set(themes)
    return profile


def test_directory_respects_contact_preferences(client, network):
    profile(network.facilitator, phone="03 26 11 11 11", show_email=False, show_phone=True)
    profile(network.other_facilitator, phone="03 87 22 22 22", show_email=True, show_phone=False)
    client.force_login(network.animator)
    page = client.get("/membres/annuaire/").text
    assert "03 26 11 11 11" in page
    assert "lea@exemple.fr" not in page
    assert "thomas@exemple.fr" in page
    assert "03 87 22 22 22" not in page
    assert "visiteur" not in page  # outside the network
    detail = client.get(f"/membres/{network.facilitator.pk}/").text
    assert "03 26 11 11 11" in detail and "lea@exemple.fr" not in detail


def test_directory_filters(client, network):
    energy = ThemeFactory(name="Énergie", slug="energie")
    water = ThemeFactory(name="Eau", slug="eau")
    profile(network.facilitator, energy, role="Animatrice")
    profile(network.other_facilitator, water, role="Chargé de mission")
    client.force_login(network.animator)

    by_territory = client.get("/membres/annuaire/", {"territory": "moselle-fictive"}).text
    assert f"/membres/{network.other_facilitator.pk}/" in by_territory
    assert f"/membres/{network.facilitator.pk}/" not in by_territory
    by_theme = client.get("/membres/annuaire/", {"theme": "energie"}).text
    assert f"/membres/{network.facilitator.pk}/" in by_theme
    assert f"/membres/{network.other_facilitator.pk}/" not in by_theme
    both = client.get("/membres/annuaire/", {"territory": "moselle-fictive", "theme": "energie"})
    assert "Aucun membre ne correspond" in both.text

    bad = client.get("/membres/annuaire/", {"territory": "atlantide"})
    assert bad.status_code == 200
    assert "Ce territoire n&#x27;existe pas." in bad.text
    assert 'href="#id_territory"' in bad.text


def test_directory_queries_do_not_grow_with_members(client, network, django_assert_max_num_queries):
    themes = [ThemeFactory(), ThemeFactory()]
    client.force_login(network.animator)
    client.get("/membres/annuaire/")  # warm the session and the caches

    def add_members(count):
        members_group = network.facilitator.groups.get()
        for _ in range(count):
            user = UserFactory(territory=network.ardennes)
            user.groups.add(members_group)
            profile(user, *themes, role="Animateur")

    add_members(3)
    with django_assert_max_num_queries(12) as few:
        assert client.get("/membres/annuaire/").status_code == 200
    add_members(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/membres/annuaire/")
    assert response.text.count("Expertise :") == 23
