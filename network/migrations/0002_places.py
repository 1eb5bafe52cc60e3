"""The places the sector organises itself around: England's regions and the areas of
the local programmes (Greater Manchester, Cornwall, Somerset, Wirral, Sefton, ...)."""

from django.db import migrations
from django.utils.text import slugify

REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]

AREAS = [
    ("Greater Manchester", "combined_authority", "North West"),
    ("Liverpool City Region", "combined_authority", "North West"),
    ("Wirral", "local_authority", "North West"),
    ("Sefton", "local_authority", "North West"),
    ("Lancashire", "local_authority", "North West"),
    ("Cornwall", "local_authority", "South West"),
    ("Somerset", "local_authority", "South West"),
    ("Devon", "local_authority", "South West"),
    ("Norfolk", "local_authority", "East of England"),
    ("Suffolk", "local_authority", "East of England"),
    ("Cambridgeshire and Peterborough", "combined_authority", "East of England"),
    ("West Yorkshire", "combined_authority", "Yorkshire and the Humber"),
    ("West Midlands Combined Authority", "combined_authority", "West Midlands"),
    ("Greater London", "combined_authority", "London"),
]


def add_places(apps, schema_editor):
    Place = apps.get_model("network", "Place")
    regions = {}
    for name in REGIONS:
        regions[name], _ = Place.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": "region"}
        )
    for name, kind, region in AREAS:
        Place.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": kind, "region": regions[region]}
        )


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(add_places, migrations.RunPython.noop)]
