"""The shared topic list, the moderation workflow and the CMS groups' permissions.

Editors create and edit pages and submit them; the "Moderators approval" workflow on the
root page sends every submission to Moderators, who approve and publish. Both groups manage
speakers and topics and can see (and export) who registered for each session.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOPICS = [
    ("Commissioning", "commissioning"),
    ("Collaborative commissioning", "collaborative-commissioning"),
    ("Asset-based approaches", "asset-based-approaches"),
    ("Co-production", "co-production"),
    ("Outcomes", "outcomes"),
    ("Systems leadership", "systems-leadership"),
    ("Alternative delivery models", "alternative-delivery-models"),
    ("Governance", "governance"),
    ("Digital", "digital"),
    ("Small and local providers", "small-and-local-providers"),
]

SNIPPET_PERMISSIONS = [
    "add_speaker",
    "change_speaker",
    "delete_speaker",
    "add_topic",
    "change_topic",
    "view_registration",
]
WORKFLOW_NAME = "Moderators approval"


def create_topics(apps, schema_editor):
    Topic = apps.get_model("masterclasses.Topic")
    for name, slug in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})


def grant_permissions(apps, schema_editor):
    # Permissions for this app's new models are normally made after all migrations run.
    app_config = apps.get_app_config("masterclasses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="masterclasses", codename__in=SNIPPET_PERMISSIONS
    )
    for name in ("Editors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    moderators = Group.objects.get(name="Moderators")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=WORKFLOW_NAME, content_type=content_type, active=True
        )
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.get(depth=1)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("masterclasses", "0003_content_model"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_topics, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
    ]
