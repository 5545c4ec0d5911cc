from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hours.models import WeeklyHours
from tests.factories import make_centre


@pytest.mark.django_db
def test_closing_before_opening_is_refused_with_a_message():
    hours = WeeklyHours(location=make_centre(hours=()), weekday=0, opens=time(17), closes=time(13))
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="closing time must be after"),
    ):
        hours.full_clean()


@pytest.mark.django_db
def test_overlapping_hours_on_the_same_day_are_refused():
    centre = make_centre(hours=((0, 13, 17),))
    hours = WeeklyHours(location=centre, weekday=0, opens=time(16), closes=time(18))
    with translation.override("en"), pytest.raises(ValidationError, match="overlap"):
        hours.full_clean()
