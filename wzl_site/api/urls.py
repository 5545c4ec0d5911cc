"""``/api/v1/``: included from ``wzl_site.urls`` outside the language prefixes (``?lang=``)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from wzl_site.api import views

app_name = "api"

router = SimpleRouter()
router.register("topics", views.TopicViewSet, basename="topic")
router.register("target-groups", views.TargetGroupViewSet, basename="target-group")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("offers", views.OfferViewSet, basename="offer")
router.register("offices", views.OfficeViewSet, basename="office")
router.register("materials", views.MaterialViewSet, basename="material")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("hours/", views.HoursView.as_view(), name="hours"),
    path("hours/status/", views.HoursStatusView.as_view(), name="hours-status"),
    *router.urls,
]
