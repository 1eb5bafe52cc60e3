"""The project's form rendering: every `{{ field.as_field_group }}` uses one template, so
labels, hints and errors look and read the same in every app (and in allauth's pages)."""

from django import forms
from django.forms.renderers import DjangoTemplates


class BoundField(forms.BoundField):
    """Labels without Django's trailing colon, whichever app (or allauth) made the form."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(contents, attrs, label_suffix or "", tag)


class FormRenderer(DjangoTemplates):
    field_template_name = "core/forms/field.html"
    bound_field_class = BoundField
