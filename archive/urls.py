"""The public website's URLs."""

app_name = "archive"

urlpatterns = []
