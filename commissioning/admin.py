"""Django admin for commissioning: for staff to look things up. Changes go through the pages
(and so the services), so stages, declarations and awards are read-only here."""

from django.contrib import admin

from commissioning.models import (
    Challenge,
    Comment,
    Declaration,
    Expression,
    Lot,
    Outcome,
    Proposal,
)


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["title", "outcome_area"]


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0
    fields = ["title", "value_band", "length_months", "open_to_small_local", "awarded_to"]
    readonly_fields = ["awarded_to"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "commissioner", "stage", "visibility", "created_at"]
    list_filter = ["stage", "visibility", "place"]
    search_fields = ["title"]
    raw_id_fields = ["commissioner"]
    readonly_fields = ["stage", "stage_changed_at"]
    inlines = [OutcomeInline, LotInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "challenge", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "outcome", "decided_at"]
    raw_id_fields = ["challenge", "author", "author_member"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "challenge", "created_at", "hidden_at"]
    raw_id_fields = ["challenge", "parent", "author", "author_member", "hidden_by"]


@admin.register(Expression)
class ExpressionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "lot", "lead", "created_at"]
    raw_id_fields = ["lot", "organisation", "lead"]


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    """The register of declarations: recorded by evaluators, never edited."""

    list_display = ["member", "organisation", "lot", "kind", "declared_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
