from django.urls import path

from obligations import views

app_name = "obligations"

urlpatterns = [
    path("training/", views.TrainingView.as_view(), name="training"),
    path("training/uses/", views.SeatUseListView.as_view(), name="seatuse_list"),
    path("training/uses/new/", views.SeatUseCreateView.as_view(), name="seatuse_add"),
    path("training/uses/<int:pk>/edit/", views.SeatUseUpdateView.as_view(), name="seatuse_edit"),
    path("commitments/", views.CommitmentListView.as_view(), name="commitments"),
    path("spend/", views.SpendView.as_view(), name="spend"),
]
