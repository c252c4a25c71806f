from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Formation"

    def seed_demo(self, command):
        """Demo data of the training axis: two comparable campaigns and their answers."""
        from training.demo import seed

        seed(command)
