"""The network the members' tests share: roles set up, two territories, one animator,
two facilitators and an account outside the network."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission

from portal.factories import TerritoryFactory, UserFactory
from portal.permissions_setup import ensure_roles
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP

PASSWORD = "mot-de-passe-de-test"  # noqa: S105 - UserFactory's test password


@dataclass
class Network:
    ardennes: object
    moselle: object
    animator: object
    facilitator: object
    other_facilitator: object
    outsider: object


def build_network():
    ensure_roles()
    members = Group.objects.get(name=MEMBERS_GROUP)
    animation = Group.objects.get(name=ANIMATION_GROUP)
    ardennes = TerritoryFactory(name="Ardennes fictives", slug="ardennes-fictives")
    moselle = TerritoryFactory(name="Moselle fictive", slug="moselle-fictive")
    animator = UserFactory(username="animatrice", email="animatrice@exemple.fr", first_name="Élise")
    animator.groups.add(animation)
    facilitator = UserFactory(
        username="lea", email="lea@exemple.fr", first_name="Léa", territory=ardennes
    )
    facilitator.groups.add(members)
    other = UserFactory(
        username="thomas", email="thomas@exemple.fr", first_name="Thomas", territory=moselle
    )
    other.groups.add(members)
    outsider = UserFactory(username="visiteur", email="visiteur@exemple.fr")
    return Network(ardennes, moselle, animator, facilitator, other, outsider)


def admin_user(group_name):
    """A user of `group_name` who may open the Wagtail admin, with nothing else set up."""
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = UserFactory()
    user.groups.add(group)
    return user
