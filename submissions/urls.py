from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("mine/", views.MySubmissionsView.as_view(), name="my_submissions"),
    path("scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path("rounds/add/", views.RoundOpenView.as_view(), name="round_add"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/edit/", views.RoundEditView.as_view(), name="round_edit"),
    path("<int:pk>/", views.SubmissionDetailView.as_view(), name="submission_detail"),
    path("<int:pk>/edit/", views.SubmissionEditView.as_view(), name="submission_edit"),
    path("<int:pk>/submit/", views.SubmissionSubmitView.as_view(), name="submission_submit"),
    path("<int:pk>/return/", views.SubmissionReturnView.as_view(), name="submission_return"),
    path("<int:pk>/accept/", views.SubmissionAcceptView.as_view(), name="submission_accept"),
    path("<int:pk>/remind/", views.SubmissionRemindView.as_view(), name="submission_remind"),
]
