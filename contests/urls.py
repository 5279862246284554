from django.urls import include, path

from .views import contests, entries, initiatives

app_name = "contests"
entry = "<int:contest_pk>/entries/<int:entry_pk>/"
urlpatterns: list = [
    path("", contests.ContestListView.as_view(), name="contest_list"),
    path("add/", contests.ContestCreateView.as_view(), name="contest_add"),
    path("honours/", contests.HonourRollView.as_view(), name="honour_roll"),
    path("<int:pk>/", contests.ContestDetailView.as_view(), name="contest_detail"),
    path("<int:pk>/edit/", contests.ContestUpdateView.as_view(), name="contest_edit"),
    path(
        "<int:pk>/status/<slug:to>/",
        contests.ContestTransitionView.as_view(),
        name="contest_transition",
    ),
    path("<int:pk>/results/", contests.ContestResultsView.as_view(), name="contest_results"),
    path("<int:contest_pk>/entries/", entries.EntryListView.as_view(), name="entry_list"),
    path("<int:contest_pk>/entries/add/", entries.EntryCreateView.as_view(), name="entry_add"),
    path(entry, entries.EntryDetailView.as_view(), name="entry_detail"),
    path(f"{entry}edit/", entries.EntryUpdateView.as_view(), name="entry_edit"),
    path(
        f"{entry}attachments/<int:pk>/",
        entries.EntryAttachmentDownloadView.as_view(),
        name="entry_attachment_download",
    ),
    path(
        f"{entry}attachments/<int:pk>/delete/",
        entries.EntryAttachmentDeleteView.as_view(),
        name="entry_attachment_delete",
    ),
    path(f"{entry}awards/add/", entries.AwardCreateView.as_view(), name="award_add"),
    path(f"{entry}awards/<int:pk>/edit/", entries.AwardUpdateView.as_view(), name="award_edit"),
    path(f"{entry}forward/", entries.EntryForwardView.as_view(), name="entry_forward"),
    path("initiatives/", initiatives.InitiativeListView.as_view(), name="initiative_list"),
    path("initiatives/add/", initiatives.InitiativeCreateView.as_view(), name="initiative_add"),
    path(
        "initiatives/<int:pk>/edit/",
        initiatives.InitiativeUpdateView.as_view(),
        name="initiative_edit",
    ),
    path("", include("contests.judging_urls")),
]
