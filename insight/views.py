import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render

from core.charts import Series, bar_chart
from insight import selectors
from insight.forms import PeriodForm
from network.decorators import staff_required


def _period(request) -> tuple[PeriodForm, selectors.Period]:
    """The period asked for; with a bad one, the form says why and the default is shown."""
    form = PeriodForm(request.GET or PeriodForm.default_initial())
    if form.is_valid():
        data = form.cleaned_data
        return form, selectors.Period(data["start"], data["end"], data["place"])
    default = PeriodForm(PeriodForm.default_initial())
    default.is_valid()
    data = default.cleaned_data
    return form, selectors.Period(data["start"], data["end"])


def _chart(table: selectors.Table):
    columns = table.chart_columns or list(range(len(table.columns) - 1))
    return bar_chart(
        title=table.title,
        desc=f"{table.desc} Figures about fewer than 5 people are not shown. "
        "The table below gives every figure.",
        labels=[label for label, _ in table.rows],
        series=[
            Series(table.columns[i + 1], [values[i] for _, values in table.rows]) for i in columns
        ],
        unit=table.unit,
        max_value=100 if table.unit == "%" else None,
    )


@staff_required
def dashboard(request):
    form, period = _period(request)
    tables = selectors.dashboard(period)
    return render(
        request,
        "insight/dashboard.html",
        {
            "form": form,
            "period": period,
            "tables": [(t, _chart(t)) for t in tables],
            "query": request.GET.urlencode(),
            "withheld": selectors.WITHHELD,
        },
        status=400 if form.errors else 200,
    )


@staff_required
def table_csv(request, key: str):
    form, period = _period(request)
    if form.errors:
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    table = next((t for t in selectors.dashboard(period) if t.key == key), None)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insight-{key}.csv"'
    writer = csv.writer(response)
    writer.writerow(table.columns)
    for label, values in table.rows:
        writer.writerow([label, *[selectors.WITHHELD if v is None else v for v in values]])
    return response
