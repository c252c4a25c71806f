"""Who sees what of the register: the one policy every output of the flows app applies.

- the regional animation and the members of an establishment's territory see its identity
  (company, SIRET, contact), its position and its exact quantities;
- other network members see the flow anonymised: the sector, the territory and a quantity
  band ("une entreprise de la métallurgie, Moselle Est, 50–100 t/an"); they may ask the
  territory's facilitator for an introduction;
- anonymous visitors and accounts outside the network see regional aggregates only.
"""

from decimal import Decimal

from portal.numbers import format_number
from portal.roles import is_network_member, is_regional_animator

BANDS = (0, 1, 5, 10, 50, 100, 500, 1000, 5000, 10000, 50000, 100000)


def sees_flows(user) -> bool:
    """Members see flows (anonymised or not); everyone else only aggregates."""
    return is_network_member(user)


def sees_identity(user, territory_id) -> bool:
    if is_regional_animator(user):
        return True
    return (
        is_network_member(user)
        and territory_id is not None
        and (getattr(user, "territory_id", None) == territory_id)
    )


def identity_filter(user):
    """Keyword arguments restricting a Flow/Establishment queryset to visible identities;
    None for everything, {"pk__in": []} for nothing."""
    if is_regional_animator(user):
        return None
    if is_network_member(user) and getattr(user, "territory_id", None):
        return {"territory_id": user.territory_id}
    return {"pk__in": []}


def quantity_band(quantity, unit_label) -> str:
    """'50–100 t/an', 'plus de 100 000 t/an', 'moins de 1 t/an'."""
    value = Decimal(quantity or 0)
    if value < BANDS[1]:
        return f"moins de 1 {unit_label}/an"
    for low, high in zip(BANDS[1:], BANDS[2:], strict=False):
        if value < high:
            return f"{_number(low)}–{_number(high)} {unit_label}/an"
    return f"plus de {_number(BANDS[-1])} {unit_label}/an"


def _number(value):
    return f"{value:,}".replace(",", "\u202f")


def anonymous_label(flow) -> str:
    establishment = flow.establishment
    return (
        f"{establishment.sector}, {flow.territory.name}, "
        f"{quantity_band(flow.annual_quantity, flow.annual_unit_label)}"
    )


def present_flow(flow, user) -> dict:
    """What `user` may know of `flow` (its establishment and territory loaded)."""
    visible = sees_identity(user, flow.territory_id)
    establishment = flow.establishment
    return {
        "id": flow.pk,
        "flow": flow,
        "identified": visible,
        "company": establishment.name if visible else None,
        "siret": establishment.siret if visible else None,
        "contact": (
            {
                "name": establishment.contact_name,
                "email": establishment.contact_email,
                "phone": establishment.contact_phone,
            }
            if visible
            else None
        ),
        "label": establishment.name if visible else anonymous_label(flow),
        "quantity": (
            f"{format_number(flow.quantity)} {flow.get_unit_display()} "
            f"{flow.get_frequency_display()}"
            if visible
            else quantity_band(flow.annual_quantity, flow.annual_unit_label)
        ),
        "annual_quantity": flow.annual_quantity if visible else None,
        "annual_quantity_band": quantity_band(flow.annual_quantity, flow.annual_unit_label),
    }
