from .documents import DocumentAddView, DocumentDownloadView
from .experts import (
    AssignmentAddView,
    AssignmentEditView,
    AssignmentRemoveView,
    ExpertCreateView,
    OpinionEditView,
    OpinionFileView,
)
from .plans import (
    PlanAddView,
    PlanDetailView,
    PlanEditView,
    PlanListView,
    TopicDeleteView,
    TopicFormView,
)
from .recommendations import (
    RecommendationAddView,
    RecommendationDeleteView,
    RecommendationEditView,
    RecommendationMoveView,
)
from .tasks import (
    MyTasksView,
    TaskAddView,
    TaskDetailView,
    TaskEditView,
    TaskListView,
    TaskTransitionView,
)

__all__ = [
    "AssignmentAddView",
    "AssignmentEditView",
    "AssignmentRemoveView",
    "DocumentAddView",
    "DocumentDownloadView",
    "ExpertCreateView",
    "MyTasksView",
    "OpinionEditView",
    "OpinionFileView",
    "PlanAddView",
    "PlanDetailView",
    "PlanEditView",
    "PlanListView",
    "RecommendationAddView",
    "RecommendationDeleteView",
    "RecommendationEditView",
    "RecommendationMoveView",
    "TaskAddView",
    "TaskDetailView",
    "TaskEditView",
    "TaskListView",
    "TaskTransitionView",
    "TopicDeleteView",
    "TopicFormView",
]
