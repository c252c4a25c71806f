"""The network's roles in Wagtail, set up by one idempotent function: `ensure_roles()`.

It creates what is missing and never removes a permission an administrator added:
- the two groups of portal.roles, with their model permissions;
- page permissions: the regional animation adds, edits and publishes everywhere (root);
  the local facilitators add under the "savoirs" section, without publishing, and edit
  their own pages and their territory's (KnowledgePagePermissionTester), never the
  section page itself;
- document and image permissions on the root collection, and the "Espace membres"
  collection whose documents only network members may download;
- the "Relecture par l'animation régionale" workflow, one group approval task for the
  regional animation, assigned at the root of the tree so it covers every page.

It runs from `manage.py setup_roles` (once after each deployment; a fresh database
gets everything but the facilitators' page permissions until the "savoirs" section
exists, and the command says so) and from `seed_demo`. Not a data migration: page
permissions need the page tree, which migrations do not create, and a migration would
freeze this plan in historical models.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from portal.axes import Axis
from portal.models import ReviewTask, SectionPage
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP

MEMBERS_COLLECTION = "Espace membres"
WORKFLOW_NAME = "Relecture par l'animation régionale"
TASK_NAME = "Validation par l'animation régionale"

TAXONOMY_MODELS = ("territory", "theme", "audience")
EDITORIAL_MODELS = {
    "veille": ("monitoringitem", "externalsource"),
    "communication_kits": ("communicationkit",),
    "capitalisation": ("indicatorvalue",),
}
MODEL_PERMISSIONS = {
    ANIMATION_GROUP: [
        ("wagtailadmin", "access_admin"),
        *[("portal", f"{a}_{m}") for a in ("add", "change", "delete") for m in TAXONOMY_MODELS],
        ("portal", "add_memberprofile"),
        ("portal", "view_memberprofile"),
        ("portal", "change_memberprofile"),
        # What the regional animation edits outside the page tree: monitoring, kits,
        # indicator values, survey answers (results, erasure) and the search report.
        *[
            (app, f"{action}_{model}")
            for app, models in EDITORIAL_MODELS.items()
            for model in models
            for action in ("add", "change", "delete", "view")
        ],
        ("training", "view_surveyanswer"),
        ("training", "delete_surveyanswer"),
        ("search", "view_searchquerylog"),
    ],
    MEMBERS_GROUP: [("wagtailadmin", "access_admin")],
}
ANIMATION_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
FACILITATOR_PAGE_PERMISSIONS = ("add_page",)
MEDIA_MODELS = (("wagtaildocs", "document"), ("wagtailimages", "image"))
MEDIA_ACTIONS = {
    ANIMATION_GROUP: ("add", "change", "choose", "delete"),
    MEMBERS_GROUP: ("add", "choose"),
}


@dataclass
class RolesReport:
    created: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)

    def count(self, kind, created):
        self.created[kind] = self.created.get(kind, 0) + int(bool(created))


def _permissions(pairs):
    wanted = set(pairs)
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(
            codename__in={codename for _, codename in wanted}
        ).select_related("content_type")
    }
    missing = wanted - set(found)
    if missing:
        raise LookupError(
            "Permissions absentes (lancez d'abord manage.py migrate) : "
            + ", ".join(f"{app}.{codename}" for app, codename in sorted(missing))
        )
    return [found[pair] for pair in pairs]


def ensure_roles() -> RolesReport:
    report = RolesReport()
    groups = {}
    for name in (ANIMATION_GROUP, MEMBERS_GROUP):
        groups[name], created = Group.objects.get_or_create(name=name)
        report.count("groupes", created)
    animation, facilitators = groups[ANIMATION_GROUP], groups[MEMBERS_GROUP]

    for name, pairs in MODEL_PERMISSIONS.items():
        wanted = _permissions(pairs)
        present = set(groups[name].permissions.values_list("pk", flat=True))
        missing = [p for p in wanted if p.pk not in present]
        groups[name].permissions.add(*missing)
        report.created["permissions"] = report.created.get("permissions", 0) + len(missing)

    root = Page.get_first_root_node()
    _grant_pages(report, animation, root, ANIMATION_PAGE_PERMISSIONS)
    knowledge = SectionPage.objects.filter(axis=Axis.KNOWLEDGE).first()
    if knowledge is None:
        report.warnings.append(
            "Rubrique « savoirs » absente : relancez setup_roles après l'avoir créée pour "
            "que les animateurs locaux puissent proposer des contributions."
        )
    else:
        _grant_pages(report, facilitators, knowledge, FACILITATOR_PAGE_PERMISSIONS)

    root_collection = Collection.get_first_root_node()
    for name, actions in MEDIA_ACTIONS.items():
        pairs = [(app, f"{a}_{m}") for app, m in MEDIA_MODELS for a in actions]
        for permission in _permissions(pairs):
            _, created = GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root_collection, permission=permission
            )
            report.count("permissions de collection", created)
    ensure_members_collection(report, [animation, facilitators])
    ensure_workflow(report, animation, root)
    return report


def _grant_pages(report, group, page, codenames):
    for permission in _permissions([("wagtailcore", codename) for codename in codenames]):
        _, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission
        )
        report.count("permissions de pages", created)


def ensure_members_collection(report=None, groups=None):
    """The collection whose documents only the network's members may download."""
    report = report or RolesReport()
    collection = Collection.objects.filter(name=MEMBERS_COLLECTION, depth=2).first()
    report.count("collections", collection is None)
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=MEMBERS_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    ).first()
    report.count("restrictions de collection", restriction is None)
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    if groups is None:
        groups = Group.objects.filter(name__in=[ANIMATION_GROUP, MEMBERS_GROUP])
    restriction.groups.add(*groups)
    return collection


def ensure_workflow(report, animation, root):
    workflow, created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    report.count("workflows", created)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = ReviewTask.objects.filter(name=TASK_NAME).first()
    report.count("tâches de relecture", task is None)
    if task is None:
        task = ReviewTask.objects.create(name=TASK_NAME)
    task.groups.add(animation)
    # A plain group approval task of the same name (set up before refusals existed).
    WorkflowTask.objects.filter(
        workflow=workflow, task__in=GroupApprovalTask.objects.filter(name=TASK_NAME)
    ).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    assignment = WorkflowPage.objects.filter(page=root).first()
    if assignment is None or assignment.workflow_id != workflow.pk:
        # Replaces Wagtail's default "Moderators approval" at the root of the tree.
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
        report.count("affectations de workflow", True)
    return workflow
