import pytest
from django.utils import translation

from wzl_site.templatetags.wzl_text import markdown


@pytest.fixture(autouse=True)
def _german():
    """A left-to-right language: right-to-left output isolates Latin runs (tests/test_truth.py)."""
    with translation.override("de"):
        yield


def test_editors_markdown_becomes_headings_lists_and_paragraphs():
    html = markdown("# Title\n\n## What we do\n\nFirst line.\n\n- one\n- two")
    assert "<h2>Title</h2>" in html and "<h1>" not in html
    assert "<h2>What we do</h2>" in html
    assert "<p>First line.</p>" in html
    assert "<li>one</li>" in html


def test_markup_that_could_harm_a_visitor_is_removed():
    html = markdown(
        '<script>alert(1)</script><img src="https://tracker.example/x.gif">'
        '[link](javascript:alert(1)) <iframe src="https://x.example"></iframe>'
    )
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "javascript:" not in html


def test_links_open_without_passing_on_the_referrer():
    html = markdown("[leipzig.de](https://www.leipzig.de/)")
    assert 'href="https://www.leipzig.de/"' in html and 'rel="noopener noreferrer"' in html
