from django.urls import path

from insight import views

app_name = "insight"

urlpatterns = [
    path("insight/", views.dashboard, name="dashboard"),
    path("insight/<slug:key>.csv", views.table_csv, name="table_csv"),
]
