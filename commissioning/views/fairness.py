"""The fairness view: by size band and by region, who was suggested, connected, expressed
interest and was awarded, as charts drawn on the server and as tables."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from commissioning.forms import FairnessForm
from commissioning.models import Challenge
from commissioning.selectors.fairness import MEASURES, fairness
from core.charts import Series, bar_chart
from network.decorators import member_required
from network.models import Member


@member_required
def fairness_view(request):
    member = request.user.member
    if request.user.is_staff:
        challenges = Challenge.objects.all()
    elif member.role == Member.Role.COMMISSIONER:
        challenges = Challenge.objects.filter(commissioner=member)
    else:
        raise PermissionDenied
    challenges = challenges.order_by("-created_at", "-pk")
    form = FairnessForm(request.GET or None, challenges=challenges)
    chosen = None
    if form.is_valid() and form.cleaned_data["challenge"]:
        chosen = form.cleaned_data["challenge"]
    figures = fairness([chosen] if chosen else challenges)
    names = [label for _, label in MEASURES]
    scope = f"“{chosen.title}”" if chosen else f"{figures.challenges} challenges"
    charts = []
    for key, heading, rows in (
        ("size", "By size of organisation (income, NCVO bands)", figures.by_size),
        ("region", "By region", figures.by_region),
    ):
        chart = bar_chart(
            title=f"Organisations {heading[0].lower()}{heading[1:]}, {scope}",
            desc="Numbers of organisations suggested, connected, expressing interest and "
            "awarded; the same figures are in the table below the chart.",
            labels=[row.label for row in rows],
            series=[
                Series(name, [row.values()[i] for row in rows]) for i, name in enumerate(names)
            ],
        )
        charts.append({"key": key, "heading": heading, "rows": rows, "svg": chart})
    return render(
        request,
        "commissioning/fairness.html",
        {"form": form, "charts": charts, "measures": names, "chosen": chosen, "figures": figures},
        status=400 if form.errors else 200,
    )
