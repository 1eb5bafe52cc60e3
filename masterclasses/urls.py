from django.urls import path

from masterclasses import views

app_name = "masterclasses"

urlpatterns = [
    path("my-masterclasses/", views.my_masterclasses, name="my_masterclasses"),
]
