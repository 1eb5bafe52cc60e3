"""Reference data: the outcome taxonomy and the asset vocabulary members match on."""

from django.db import migrations
from django.utils.text import slugify

OUTCOME_AREAS = [
    "Health and wellbeing",
    "Mental health",
    "Housing and homelessness",
    "Employment and skills",
    "Loneliness and isolation",
    "Children and families",
    "Young people",
    "Older people",
    "Disability and independent living",
    "Community safety",
    "Food and poverty",
    "Environment and climate",
    "Arts, culture and heritage",
    "Carers",
]

ASSETS = [
    "Skills and expertise",
    "Volunteers",
    "Premises and venues",
    "Data and evidence",
    "Reach into communities",
    "Lived experience",
    "Funding and match funding",
    "Partnership and consortium working",
    "Training and mentoring",
    "Digital tools",
    "Transport",
]


def add(apps, schema_editor):
    for model_name, names in (("OutcomeArea", OUTCOME_AREAS), ("Asset", ASSETS)):
        model = apps.get_model("network", model_name)
        for name in names:
            model.objects.update_or_create(slug=slugify(name), defaults={"name": name})


def remove(apps, schema_editor):
    apps.get_model("network", "OutcomeArea").objects.filter(
        slug__in=[slugify(n) for n in OUTCOME_AREAS]
    ).delete()
    apps.get_model("network", "Asset").objects.filter(
        slug__in=[slugify(n) for n in ASSETS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0003_matching_and_booking")]

    operations = [migrations.RunPython(add, remove)]
