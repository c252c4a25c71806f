"""Admin and core glue of the training app."""

from wagtail import hooks

from portal.hooks import HOME_SECTIONS, MEMBER_AREA, SEED_DEMO
from training import demo, sections


@hooks.register(SEED_DEMO)
def seed_demo_training(command):
    """Demo data of the training axis: two comparable campaigns and their answers."""
    demo.seed(command)


@hooks.register(HOME_SECTIONS)
def home_open_survey(request):
    return sections.home_survey_section(request)


@hooks.register(MEMBER_AREA)
def training_member_links(request):
    return sections.member_links(request)
