from django.urls import path

from releases import views

app_name = "releases"

urlpatterns = [
    path("", views.ReleaseListView.as_view(), name="release_list"),
    path("timeline/", views.ScheduleTimelineView.as_view(), name="schedule_timeline"),
    path("product-lines/<int:pk>/", views.ProductLineTimelineView.as_view(), name="productline_timeline"),
    path("<int:pk>/", views.ReleaseDetailView.as_view(), name="release_detail"),
    path("<int:pk>/edit/", views.ReleaseTrackingView.as_view(), name="release_edit"),
    path("<int:pk>/revisions/new/", views.ForecastRevisionCreateView.as_view(), name="forecastrevision_add"),
    path("<int:pk>/remedies/new/", views.RemedyCreateView.as_view(), name="remedy_add"),
    path("remedies/<int:pk>/edit/", views.RemedyUpdateView.as_view(), name="remedy_edit"),
]
