from django.urls import path

from services import views

app_name = "services"

urlpatterns = [
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("materials/", views.MaterialListView.as_view(), name="material_list"),
    path("materials/<int:pk>/file/", views.MaterialFileView.as_view(), name="material_file"),
    path("for/<slug:slug>/", views.TargetGroupDetailView.as_view(), name="target_group_detail"),
]
