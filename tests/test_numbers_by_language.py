"""A number typed on a web page is read with the page's language: "1,000" on an English page
is a thousand (here above the maximum), never one; "1,5" on a Dutch page is one and a half."""

from __future__ import annotations

from collections import defaultdict

from werkzeug.datastructures import MultiDict

from audit.web.forms import parse_page


def test_web_page_reads_numbers_in_its_language(mini):
    people = [mini.question("people")]
    texts = defaultdict(lambda: "error")
    english, _ = parse_page(mini, people, MultiDict({"q_people": "1,000"}), {}, texts, "en")
    assert "people" in english.errors and "people" not in english.values
    dutch, _ = parse_page(mini, people, MultiDict({"q_people": "1,5"}), {}, texts, "nl")
    assert dutch.values["people"] == 1.5
    english, _ = parse_page(mini, people, MultiDict({"q_people": "12"}), {}, texts, "en")
    assert english.values["people"] == 12
