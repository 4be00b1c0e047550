"""URL routes (the web application is built on the store in a later step)."""

urlpatterns: list[object] = []
