from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="partner_list"),
    path("partners/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner_detail"),
]
