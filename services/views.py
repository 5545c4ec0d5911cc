from django.db.models import Prefetch
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from services.models import TargetGroup, Topic
from services.selectors import least_recently_checked, offers_shared, page_languages
from wzl_site.page_cache import content_cached


class TopicListView(ListView):
    template_name = "services/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checked_on"] = least_recently_checked(items=context["topics"])
        return context


class TopicDetailView(DetailView):
    template_name = "services/topic_detail.html"
    context_object_name = "topic"

    def get_queryset(self):
        return Topic.objects.published()

    def get_object(self, queryset=None):
        # The topic is kept while the content stays the same (a missing one is looked up anew).
        topic = content_cached(
            "topic",
            self.kwargs["slug"],
            compute=lambda: self.get_queryset().filter(slug=self.kwargs["slug"]).first(),
        )
        if topic is None:
            raise Http404
        return topic

    def get_context_data(self, **kwargs):
        topic = self.object
        return super().get_context_data(
            # Read only where the template's fragment is not in the cache.
            offers=SimpleLazyObject(lambda: offers_shared(offers=topic_public_offers(topic))),
            target_groups=SimpleLazyObject(lambda: list(topic.target_groups.published())),
            available_languages=page_languages(obj=topic),
            **kwargs,
        )


def topic_public_offers(topic: Topic) -> list:
    """The topic's public offers with their partners and languages, in their order."""
    # The offers live in the partners app; reach them through the reverse relation and let their
    # own QuerySet decide which are public, without importing that app here.
    offers = Topic.offers.rel.related_model.objects.public()
    return list(offers.filter(topics=topic).select_related("partner").prefetch_related("languages"))


class TargetGroupDetailView(DetailView):
    template_name = "services/target_group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return TargetGroup.objects.published().prefetch_related(
            Prefetch("topics", queryset=Topic.objects.published())
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            available_languages=page_languages(obj=self.object),
            **kwargs,
        )
