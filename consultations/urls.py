from django.urls import include, path

from . import views

app_name = "consultations"

task = "tasks/<int:pk>/"
plan = "plans/<int:pk>/"

urlpatterns: list = [
    path("", include("consultations.letter_urls")),
    path("", views.TaskListView.as_view(), name="task_list"),
    path("mine/", views.MyTasksView.as_view(), name="my_tasks"),
    path("tasks/add/", views.TaskAddView.as_view(), name="task_add"),
    path(task, views.TaskDetailView.as_view(), name="task_detail"),
    path(f"{task}edit/", views.TaskEditView.as_view(), name="task_edit"),
    path(
        f"{task}status/<str:to_status>/",
        views.TaskTransitionView.as_view(),
        name="task_transition",
    ),
    path(f"{task}experts/add/", views.AssignmentAddView.as_view(), name="assignment_add"),
    path(f"{task}experts/new/", views.ExpertCreateView.as_view(), name="expert_create"),
    path(
        f"{task}experts/<int:assignment_pk>/edit/",
        views.AssignmentEditView.as_view(),
        name="assignment_edit",
    ),
    path(
        f"{task}experts/<int:assignment_pk>/remove/",
        views.AssignmentRemoveView.as_view(),
        name="assignment_remove",
    ),
    path(f"{task}opinion/", views.OpinionEditView.as_view(), name="opinion_edit"),
    path(
        f"{task}opinions/<int:assignment_pk>/file/",
        views.OpinionFileView.as_view(),
        name="opinion_file",
    ),
    path(f"{task}documents/add/", views.DocumentAddView.as_view(), name="document_add"),
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document_download"),
    path(
        f"{task}recommendations/add/",
        views.RecommendationAddView.as_view(),
        name="recommendation_add",
    ),
    path(
        f"{task}recommendations/<int:rec_pk>/edit/",
        views.RecommendationEditView.as_view(),
        name="recommendation_edit",
    ),
    path(
        f"{task}recommendations/<int:rec_pk>/move/",
        views.RecommendationMoveView.as_view(),
        name="recommendation_move",
    ),
    path(
        f"{task}recommendations/<int:rec_pk>/delete/",
        views.RecommendationDeleteView.as_view(),
        name="recommendation_delete",
    ),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.PlanAddView.as_view(), name="plan_add"),
    path(plan, views.PlanDetailView.as_view(), name="plan_detail"),
    path(f"{plan}edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path(f"{plan}topics/add/", views.TopicFormView.as_view(), name="topic_add"),
    path(f"{plan}topics/<int:topic_pk>/edit/", views.TopicFormView.as_view(), name="topic_edit"),
    path(
        f"{plan}topics/<int:topic_pk>/delete/",
        views.TopicDeleteView.as_view(),
        name="topic_delete",
    ),
]
