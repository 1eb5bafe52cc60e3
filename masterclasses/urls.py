app_name = "masterclasses"

urlpatterns: list = []
