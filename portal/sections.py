"""Blocks of a core page that the apps contribute through a hook (TERRITORY_SECTIONS,
HOME_SECTIONS): every provider is called, empty answers are dropped, the rest ordered."""

from wagtail import hooks

DEFAULT_ORDER = 100


def collect_sections(hook_name, *args):
    """[{"order", "template", "context"}] from every function registered under hook_name."""
    sections = [section for provide in hooks.get_hooks(hook_name) if (section := provide(*args))]
    return sorted(sections, key=lambda section: section.get("order", DEFAULT_ORDER))
