"""The project's form rendering: every `{{ field.as_field_group }}` uses one template, so
labels, hints and errors look and read the same in every app (and in allauth's pages)."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    field_template_name = "core/forms/field.html"
