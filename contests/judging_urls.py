"""The judging pages (assignment, conflicts, score sheets, ranking); included by contests/urls.py.

No app_name here: the patterns are namespaced "contests:" by the include, names prefixed `judging_`.
"""

urlpatterns: list = []
