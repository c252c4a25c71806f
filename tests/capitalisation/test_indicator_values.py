"""Indicator values: validation in French, history, and territory permissions in the admin."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from capitalisation.forms import IndicatorValueForm
from capitalisation.models import IndicatorValue, IndicatorValueHistory
from capitalisation.wagtail_hooks import IndicatorValueViewSet
from portal.axes import Axis
from portal.factories import IndicatorGuidePageFactory, TerritoryFactory, UserFactory
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def groups(db):
    members = Group.objects.create(name=MEMBERS_GROUP)
    animation = Group.objects.create(name=ANIMATION_GROUP)
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    members.permissions.add(access)
    animation.permissions.add(access)
    return {"members": members, "animation": animation}


@pytest.fixture
def world(site_tree, groups):
    section = site_tree.section(Axis.INDICATORS)
    aube = TerritoryFactory(name="Aube (test)", slug="aube-test")
    moselle = TerritoryFactory(name="Moselle (test)", slug="moselle-test")
    indicator = IndicatorGuidePageFactory(parent=section, code="dechets-evites", unit="t")
    facilitator = UserFactory(username="lea", territory=aube)
    facilitator.groups.add(groups["members"])
    animator = UserFactory(username="elise")
    animator.groups.add(groups["members"], groups["animation"])
    return {
        "aube": aube,
        "moselle": moselle,
        "indicator": indicator,
        "facilitator": facilitator,
        "animator": animator,
    }


def form_data(world, **overrides):
    data = {
        "territory": world["aube"].pk,
        "indicator": world["indicator"].pk,
        "year": 2024,
        "value": "120.5",
        "source": "Bordereaux",
        "comment": "",
    }
    data.update(overrides)
    return data


def admin_form(world, user, instance=None, **overrides):
    form_class = IndicatorValueViewSet().get_edit_handler().get_form_class()
    return form_class(form_data(world, **overrides), instance=instance, for_user=user)


# --- model and form validation ------------------------------------------------------


def test_negative_value_is_refused_in_french(world):
    form = admin_form(world, world["animator"], value="-3")
    assert not form.is_valid()
    assert "Une valeur négative n'a pas de sens pour cet indicateur." in form.errors["value"]


def test_future_year_is_refused_in_french(world):
    form = admin_form(world, world["animator"], year=THIS_YEAR + 1)
    assert not form.is_valid()
    assert f"L'année {THIS_YEAR + 1} est dans le futur" in form.errors["year"][0]


def test_duplicate_is_refused_in_french(world):
    IndicatorValue(
        territory=world["aube"], indicator=world["indicator"], year=2024, value=Decimal(1)
    ).save()
    form = admin_form(world, world["animator"])
    assert not form.is_valid()
    assert "Une valeur existe déjà pour ce territoire" in " ".join(form.non_field_errors())


def test_model_full_clean_refuses_future_and_negative(world):
    value = IndicatorValue(
        territory=world["aube"], indicator=world["indicator"], year=THIS_YEAR + 2, value=-1
    )
    with pytest.raises(ValidationError) as error:
        value.full_clean()
    assert set(error.value.message_dict) == {"year", "value"}


def test_indicator_choices_show_the_unit(world):
    form = admin_form(world, world["animator"])
    labels = [label for _, label in form.fields["indicator"].choices]
    assert any(label.endswith("(t)") for label in labels)


# --- history --------------------------------------------------------------------------


def test_every_change_writes_a_history_row(world):
    user = world["facilitator"]
    value = IndicatorValue(
        territory=world["aube"], indicator=world["indicator"], year=2023, value=Decimal(10)
    )
    value.save(user=user)
    value.value = Decimal(12)
    value.save(user=user)
    value.delete(user=user)
    rows = list(IndicatorValueHistory.objects.order_by("pk"))
    assert [row.action for row in rows] == ["creation", "modification", "suppression"]
    assert [(row.old_value, row.new_value) for row in rows] == [
        (None, Decimal(10)),
        (Decimal(10), Decimal(12)),
        (Decimal(12), None),
    ]
    assert all(row.user == user and row.at for row in rows)
    assert rows[-1].territory == world["aube"] and rows[-1].year == 2023


def _values_with_history(world):
    user = world["facilitator"]
    for year in (2022, 2023):
        value = IndicatorValue(
            territory=world["aube"], indicator=world["indicator"], year=year, value=Decimal(10)
        )
        value.save(user=user)
        value.value = Decimal(year - 2000)
        value.save(user=user)
    return IndicatorValueHistory.objects.count()


def _assert_trail_kept(before, world):
    rows = IndicatorValueHistory.objects.order_by("pk")
    assert rows.count() == before + 2  # every row kept, plus one "deleted" row per value
    assert {row.territory_label for row in rows} == {"Aube (test)"}
    assert {row.indicator_label for row in rows} == {world["indicator"].title}
    deleted = rows.filter(action="suppression")
    assert sorted(deleted.values_list("year", "old_value")) == [
        (2022, Decimal(22)),
        (2023, Decimal(23)),
    ]
    assert all(row.user == world["facilitator"] for row in rows.exclude(action="suppression"))


def test_history_outlives_the_territory(world):
    before = _values_with_history(world)
    world["aube"].delete()
    assert not IndicatorValue.objects.exists()
    _assert_trail_kept(before, world)
    assert not IndicatorValueHistory.objects.filter(territory__isnull=False).exists()


def test_history_outlives_the_indicator(world):
    before = _values_with_history(world)
    title = world["indicator"].title
    world["indicator"].delete()
    assert not IndicatorValue.objects.exists()
    world["indicator"].title = title
    _assert_trail_kept(before, world)
    assert not IndicatorValueHistory.objects.filter(indicator__isnull=False).exists()


# --- permissions through real HTTP posts ------------------------------------------------


def add_url():
    return reverse("valeurs-indicateurs:add")


def test_facilitator_creates_a_value_for_their_territory(client, world):
    client.force_login(world["facilitator"])
    response = client.post(add_url(), form_data(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    value = IndicatorValue.objects.get()
    assert value.territory == world["aube"]
    assert value.entered_by == world["facilitator"]
    assert value.validated is False
    assert IndicatorValueHistory.objects.filter(indicator_value=value, action="creation").exists()


def test_facilitator_cannot_post_another_territory(client, world):
    client.force_login(world["facilitator"])
    response = client.post(add_url(), form_data(world, territory=world["moselle"].pk))
    assert response.status_code == 200
    assert "Vous ne pouvez saisir que les valeurs de votre territoire" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_facilitator_cannot_validate(client, world):
    client.force_login(world["facilitator"])
    client.post(add_url(), form_data(world, validated="on"))
    assert IndicatorValue.objects.get().validated is False


def test_facilitator_cannot_edit_or_delete_other_territory(client, world):
    other = IndicatorValue(
        territory=world["moselle"], indicator=world["indicator"], year=2022, value=Decimal(5)
    )
    other.save()
    client.force_login(world["facilitator"])
    edit = reverse("valeurs-indicateurs:edit", args=[other.pk])
    assert client.get(edit).status_code in (403, 404)
    response = client.post(edit, form_data(world, territory=world["aube"].pk, value="999"))
    assert response.status_code in (403, 404)
    delete = reverse("valeurs-indicateurs:delete", args=[other.pk])
    assert client.post(delete).status_code in (403, 404)
    other.refresh_from_db()
    assert other.value == Decimal(5) and other.territory == world["moselle"]


def test_facilitator_listing_shows_only_their_territory(client, world):
    own, other = (
        IndicatorValue(territory=territory, indicator=world["indicator"], year=2021, value=7)
        for territory in (world["aube"], world["moselle"])
    )
    own.save()
    other.save()
    client.force_login(world["facilitator"])
    response = client.get(reverse("valeurs-indicateurs:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("valeurs-indicateurs:edit", args=[own.pk]) in html
    assert reverse("valeurs-indicateurs:edit", args=[other.pk]) not in html


def test_facilitator_edit_unvalidates(client, world):
    value = IndicatorValue(
        territory=world["aube"],
        indicator=world["indicator"],
        year=2022,
        value=Decimal(5),
        validated=True,
    )
    value.save(user=world["animator"])
    client.force_login(world["facilitator"])
    response = client.post(
        reverse("valeurs-indicateurs:edit", args=[value.pk]),
        form_data(world, year=2022, value="6"),
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.value == Decimal(6) and value.validated is False


def test_animator_edits_any_territory_and_validates(client, world):
    client.force_login(world["animator"])
    response = client.post(
        add_url(), form_data(world, territory=world["moselle"].pk, validated="on")
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert value.territory == world["moselle"]
    assert value.validated and value.validated_by == world["animator"] and value.validated_at


def test_user_without_territory_cannot_reach_the_values(client, world, groups):
    member = UserFactory(username="sans-territoire")
    member.groups.add(groups["members"])
    client.force_login(member)
    assert client.get(reverse("valeurs-indicateurs:index")).status_code in (302, 403)
    response = client.post(add_url(), form_data(world))
    assert response.status_code in (302, 403)
    assert not IndicatorValue.objects.exists()


def test_form_refuses_other_territory_even_without_the_view(world):
    form = admin_form(world, world["facilitator"], territory=world["moselle"].pk)
    assert not form.is_valid()
    assert "votre territoire" in form.errors["territory"][0]
    assert isinstance(form, IndicatorValueForm)
