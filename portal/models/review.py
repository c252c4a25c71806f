"""The review task of the regional animation: approve, ask for changes, or refuse."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from wagtail.models import AbstractGroupApprovalTask, TaskState
from wagtail.users.models import UserProfile

from portal.sanitize import clean_text

REFUSE = "refuse"


class ReviewTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, plus "Refuser la contribution": the workflow ends, the
    draft stays unpublished, and its author receives the reason by e-mail."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        return [*actions, (REFUSE, "Refuser la contribution", True)] if actions else actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == REFUSE:
            self.refuse(task_state, user, comment=kwargs.get("comment", ""))
        else:
            super().on_action(task_state, user, action_name, **kwargs)

    @transaction.atomic
    def refuse(self, task_state, user, comment=""):
        workflow_state = task_state.workflow_state
        # Cancelling the workflow first: cancelling the task alone would move the
        # workflow on to its end, which publishes.
        workflow_state.cancel(user=user)
        TaskState.objects.filter(pk=task_state.pk).update(comment=comment)
        author = workflow_state.requested_by
        if author and author.email and UserProfile.get_for_user(author).rejected_notifications:
            page = workflow_state.content_object
            context = {"page": page, "reviewer": user, "comment": comment, "author": author}
            transaction.on_commit(
                lambda: send_mail(
                    clean_text(f"Contribution non retenue : {page.title}"),
                    render_to_string("portal/email/contribution_refused.txt", context),
                    settings.DEFAULT_FROM_EMAIL,
                    [author.email],
                )
            )

    @classmethod
    def get_description(cls):
        return (
            "Les membres des groupes choisis approuvent, demandent des modifications ou "
            "refusent la contribution."
        )

    class Meta:
        verbose_name = "relecture par l'animation régionale"
        verbose_name_plural = "relectures par l'animation régionale"
