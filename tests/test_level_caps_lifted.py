"""A capped level comes with a way to lift it: a report that says "level 1, because you are not
active on social media yet" and then has no advice at all is no use to a client. Checks of the
shipped content (questionnaires/README.md, "Content checks") on generated companies."""

from __future__ import annotations

import pytest

from audit.load import DEFAULT_QUESTIONNAIRE

pytestmark = [pytest.mark.content, pytest.mark.skipif(not DEFAULT_QUESTIONNAIRE.exists(),
                                                     reason="product questionnaire not there")]


@pytest.fixture(scope="module")
def q():
    from audit.load import load_questionnaire

    return load_questionnaire()


def test_every_level_cap_names_advice_that_lifts_it(q):
    assert q.scoring.level_caps
    for cap in q.scoring.level_caps:
        assert cap.advice, f"level cap {cap.id} names no advice that lifts it"
        for advice_id in cap.advice:
            assert q.advice_spec(advice_id), f"level cap {cap.id}: unknown advice {advice_id}"


def test_strong_companies_held_back_by_a_cap_get_advice_that_lifts_it(q):
    """Well-organised companies that are not (or hardly) active: no misconception, no weak
    dimension, yet their level is capped; their plan must start on what holds them back."""
    from audit.answers import from_mapping
    from audit.assess import assess
    from audit.render.simulate import make_company

    capped = 0
    for seed in range(100, 400):
        for maturity in (0.8, 0.9, 1.0):
            company = make_company(q, seed, maturity=maturity)
            if company.data["answers"].get("active") not in ("no", "dormant"):
                continue
            answers, problems = from_mapping(q, company.data)
            assert not problems, problems
            result = assess(q, answers, "nl")
            capped += 1
            cap_id = "not_active" if company.data["answers"]["active"] == "no" else "dormant"
            lifters = set(next(c for c in q.scoring.level_caps if c.id == cap_id).advice)
            given = {a.id for a in result.advice}
            assert given & lifters, (seed, maturity, cap_id, sorted(given))
    assert capped >= 20  # enough such companies were generated to mean something
