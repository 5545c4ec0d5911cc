from django.db.models import Case, IntegerField, Prefetch, Q, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views import View
from django.views.generic import DetailView, ListView

from services.models import Material, TargetGroup, Topic
from services.selectors import (
    guide_partners,
    language_names,
    least_recently_checked,
    offers_shared,
    page_languages,
)
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
            offices=SimpleLazyObject(lambda: list(topic.offices.published())),
            materials=SimpleLazyObject(
                lambda: list(
                    materials_in_language_first(
                        topic.materials.published(), language=get_language()
                    )
                )
            ),
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
    """A group's "I am …" guide: its topics in order with why each matters, the partners who
    counsel it, and the materials for it."""

    template_name = "services/target_group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return TargetGroup.objects.published()

    def get_context_data(self, **kwargs):
        group = self.object
        guide = list(group.guide_topics.filter(topic__is_published=True).select_related("topic"))
        return super().get_context_data(
            guide=guide,
            partners=guide_partners(
                offers=group_public_offers(group, topics=[step.topic for step in guide])
            ),
            materials=materials_in_language_first(
                group.materials.published(), language=get_language()
            ),
            available_languages=page_languages(obj=group),
            **kwargs,
        )


def group_public_offers(group: TargetGroup, *, topics: list[Topic]) -> list:
    """The public offers for ``group``: those that name it, and those that name no group but
    one of ``topics``, with their partners and topics, in their order."""
    offers = TargetGroup.offers.rel.related_model.objects.public()
    for_group = Q(target_groups=group) | Q(target_groups__isnull=True, topics__in=topics)
    return list(
        offers.filter(for_group)
        .distinct()
        .select_related("partner")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.published()))
    )


class MaterialListView(ListView):
    """The information materials, filtered by topic, target group and language with plain links;
    those in the visitor's language first."""

    template_name = "services/material_list.html"
    context_object_name = "materials"
    FILTERS = ("topic", "group", "language")

    def get_queryset(self):
        chosen = self.chosen()
        materials = Material.objects.published().prefetch_related("topics", "target_groups")
        if chosen["topic"]:
            materials = materials.filter(topics__slug=chosen["topic"], topics__is_published=True)
        if chosen["group"]:
            materials = materials.filter(
                target_groups__slug=chosen["group"], target_groups__is_published=True
            )
        if chosen["language"]:
            materials = materials.filter(language=chosen["language"])
        return materials_in_language_first(materials, language=get_language())

    def chosen(self) -> dict[str, str]:
        """The filters from the query string; anything unexpected is ignored."""
        return {
            name: value
            if isinstance(value := self.request.GET.get(name, ""), str) and len(value) <= 60
            else ""
            for name in self.FILTERS
        }

    def get_context_data(self, **kwargs):
        chosen = self.chosen()
        published = Material.objects.published()
        return super().get_context_data(
            chosen=chosen,
            filter_topics=Topic.objects.published().filter(materials__in=published).distinct(),
            filter_groups=TargetGroup.objects.published()
            .filter(materials__in=published)
            .distinct(),
            filter_languages=material_languages(
                codes=published.values_list("language", flat=True).distinct()
            ),
            **kwargs,
        )


def materials_in_language_first(materials, *, language: str):
    """``materials`` with those in ``language`` first, then in their order (with their
    partners, which the list names)."""
    return (
        materials.select_related("partner")
        .annotate(
            in_other_language=Case(
                When(language=language, then=0), default=1, output_field=IntegerField()
            )
        )
        .order_by("in_other_language", "order", "pk")
    )


def material_languages(*, codes) -> list[tuple[str, str]]:
    """(code, name in the visitor's language) for each language code, sorted by name."""
    names = language_names()
    return sorted(((code, names.get(code, code)) for code in set(codes)), key=lambda item: item[1])


class MaterialFileView(View):
    """A published material's PDF, from whatever storage holds it, under a readable name."""

    def get(self, request, pk: int):
        material = get_object_or_404(Material.objects.published().exclude(file=""), pk=pk)
        response = FileResponse(
            material.file.open("rb"),
            content_type="application/pdf",
            filename=f"{slugify(material.title_de) or 'material'}.pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
