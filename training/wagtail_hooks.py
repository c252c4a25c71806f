"""Admin and core glue of the training app."""

from wagtail import hooks

from portal.hooks import SEED_DEMO
from training import demo


@hooks.register(SEED_DEMO)
def seed_demo_training(command):
    """Demo data of the training axis: two comparable campaigns and their answers."""
    demo.seed(command)
