from django.urls import path

from drafts import views

app_name = "drafts"

urlpatterns = [
    path("", views.DraftListView.as_view(), name="draft_list"),
    path("new-agreement/", views.NewAgreementDraftView.as_view(), name="agreement_create"),
    path("for/<int:pk>/", views.DraftCreateView.as_view(), name="draft_create"),
    path("<int:pk>/", views.DraftDetailView.as_view(), name="draft_detail"),
    path("<int:pk>/approve/", views.DraftApproveView.as_view(), name="draft_approve"),
    path("<int:pk>/execute/", views.DraftExecuteView.as_view(), name="draft_execute"),
    path("<int:pk>/withdraw/", views.DraftWithdrawView.as_view(), name="draft_withdraw"),
]
