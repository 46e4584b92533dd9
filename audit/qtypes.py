"""The question types, each in one place: what its definition must hold, how a typed answer
becomes its canonical value, how that value reads in a report, and what it scores.

Before this registry every one of these was an if/elif chain over `question.type` in its own
module (model, answers, assess); a new type meant finding them all. Now a type is one class,
registered under its name; a question whose `type` is not registered is refused on load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.model import Question


class QuestionKind:
    """One question type. Subclasses override what differs; the defaults fit an unscored type."""

    name = ""
    has_options = False
    scorable = True  # False: never scored, whatever its weight

    def check(self, q: Question) -> None:
        """Raise ValueError when the question's definition does not fit this type."""

    def max_score(self, q: Question) -> float:
        """The points a perfect answer earns (the denominator of the question's score)."""
        return 0.0

    def points(self, q: Question, value: Any) -> float:
        """Points earned by one canonical answer (before weighting)."""
        return 0.0

    def normalise(self, q: Question, raw: Any, lang: str | None) -> Any:
        """The canonical value of a known (not empty, not "unknown") raw answer; AnswerError
        when it does not fit. `lang`: the language it was typed in (number separators)."""
        text = str(raw).strip()
        return text or None

    def words(self, q: Question, value: Any, lang: str) -> str:
        """How a (not None) canonical answer reads in a report, in `lang`."""
        return str(value)


REGISTRY: dict[str, QuestionKind] = {}


def register(cls: type[QuestionKind]) -> type[QuestionKind]:
    REGISTRY[cls.name] = cls()
    return cls


def kind_of(question: Question) -> QuestionKind:
    return REGISTRY[question.type]


def _check_options(q: Question) -> None:
    if not q.options or len(q.options) < 2:
        raise ValueError(f"a {q.type} question needs at least two options")
    values = [o.value for o in q.options]
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:  # answers, rules and client lists name an option by its value
        raise ValueError(f"option value used twice: {', '.join(dupes)} (option values must be unique)")


def _label(q: Question, value: Any, lang: str) -> str:
    option = q.option(value)
    return option.label(lang) if option else str(value)


@register
class Single(QuestionKind):
    name = "single"
    has_options = True

    def check(self, q: Question) -> None:
        _check_options(q)

    def max_score(self, q: Question) -> float:
        return max(o.points for o in q.options or [])

    def points(self, q: Question, value: Any) -> float:
        return q.option(value).points

    def normalise(self, q: Question, raw: Any, lang: str | None) -> Any:
        from audit.answers import AnswerError, allowed_values, option_by_text

        value = option_by_text(q, str(raw))
        if value is None:
            raise AnswerError("not_option", value=repr(str(raw)), allowed=allowed_values(q))
        return value

    def words(self, q: Question, value: Any, lang: str) -> str:
        return _label(q, value, lang)


@register
class Multi(QuestionKind):
    name = "multi"
    has_options = True

    def check(self, q: Question) -> None:
        _check_options(q)

    def max_score(self, q: Question) -> float:
        total = sum(o.points for o in q.options or [] if o.points > 0)
        return min(total, q.max_points) if q.max_points else total

    def points(self, q: Question, value: Any) -> float:
        return min(sum(q.option(v).points for v in value), self.max_score(q))

    def normalise(self, q: Question, raw: Any, lang: str | None) -> Any:
        from audit.answers import AnswerError, allowed_values, option_by_text, split_options

        items = split_options(q, raw) if isinstance(raw, str) else list(raw)
        values: list[str] = []
        for item in items:
            value = option_by_text(q, str(item))
            if value is None:
                raise AnswerError("not_option", value=repr(str(item)), allowed=allowed_values(q))
            if value not in values:
                values.append(value)
        exclusive = [v for v in values if q.option(v) and q.option(v).exclusive]
        if exclusive and len(values) > 1:
            raise AnswerError("not_combinable", value=repr(exclusive[0]), option=exclusive[0])
        return values

    def words(self, q: Question, value: Any, lang: str) -> str:
        return "; ".join(_label(q, v, lang) for v in value)


@register
class YesNo(QuestionKind):
    name = "yesno"

    def check(self, q: Question) -> None:
        if q.yes_points is None or q.no_points is None:
            raise ValueError("a yesno question needs yes_points and no_points")

    def max_score(self, q: Question) -> float:
        return max(q.yes_points or 0, q.no_points or 0)

    def points(self, q: Question, value: Any) -> float:
        return q.yes_points if value == "yes" else q.no_points

    def normalise(self, q: Question, raw: Any, lang: str | None) -> Any:
        from audit.answers import NO_WORDS, YES_WORDS, AnswerError, fold

        word = fold(str(raw)) if not isinstance(raw, bool) else ("yes" if raw else "no")
        if word in YES_WORDS:
            return "yes"
        if word in NO_WORDS:
            return "no"
        raise AnswerError("not_yesno", value=repr(raw))

    def words(self, q: Question, value: Any, lang: str) -> str:
        from audit.strings import strings

        s = strings(lang)
        return s["answer_yes"] if value == "yes" else s["answer_no"]


@register
class Scale(QuestionKind):
    name = "scale"

    def check(self, q: Question) -> None:
        if q.scale_points is not None and len(q.scale_points) != 5:
            raise ValueError("scale_points needs exactly 5 numbers (for answers 1 to 5)")

    def max_score(self, q: Question) -> float:
        return max(q.scale_points) if q.scale_points else 4.0

    def points(self, q: Question, value: Any) -> float:
        return q.scale_points[value - 1] if q.scale_points else float(value - 1)

    def normalise(self, q: Question, raw: Any, lang: str | None) -> Any:
        from audit.answers import AnswerError, parse_number

        try:
            number = parse_number(raw, lang)
        except ValueError:
            raise AnswerError("not_scale", value=repr(raw)) from None
        if number != int(number) or not 1 <= number <= 5:
            raise AnswerError("not_scale", value=repr(raw))
        return int(number)

    def words(self, q: Question, value: Any, lang: str) -> str:
        """With what its ends mean: "4 van 5 (1 = helemaal oneens, 5 = helemaal eens)"; a bare
        "4 van 5" says nothing to a reader who did not see the question."""
        from audit.assess import scale_text

        return scale_text(q, value, lang)


@register
class Number(QuestionKind):
    name = "number"

    def check(self, q: Question) -> None:
        if q.bands is None and q.weight > 0:
            raise ValueError("a scored number question needs bands (or weight: 0)")
        if q.min is not None and q.max is not None and q.min > q.max:
            raise ValueError("min is larger than max")
        bands = q.bands or []
        limits = [b.upto for b in bands]
        if None in limits[:-1]:
            raise ValueError("bands: only the last band may leave out upto (it takes every higher answer)")
        if any(a >= b for a, b in zip(limits, limits[1:-1] if limits[-1:] == [None] else limits[1:],
                                       strict=False) if a is not None and b is not None):
            raise ValueError(f"bands: upto must rise from band to band (now {limits})")
        if bands and limits[-1] is not None and (q.max is None or q.max > limits[-1]):
            above = "any higher answer" if q.max is None else f"answers up to max {q.max:g}"
            raise ValueError(f"bands: the last band ends at upto {limits[-1]:g}, so {above} would earn "
                             "no points; end with a band without upto, e.g. {points: 3}")

    def max_score(self, q: Question) -> float:
        return max((b.points for b in q.bands or []), default=0.0)

    def points(self, q: Question, value: Any) -> float:
        for band in q.bands or []:
            if band.upto is None or value <= band.upto:
                return band.points
        return 0.0

    def normalise(self, q: Question, raw: Any, lang: str | None) -> Any:
        from audit.answers import AnswerError, parse_number

        try:
            number = parse_number(raw, lang)
        except ValueError:
            raise AnswerError("not_number", value=repr(raw)) from None
        if q.whole and number != int(number):
            raise AnswerError("not_whole", value=number)
        if q.min is not None and number < q.min:
            raise AnswerError("below_min", value=number, min=q.min)
        if q.max is not None and number > q.max:
            raise AnswerError("above_max", value=number, max=q.max)
        return int(number) if number == int(number) else number

    def words(self, q: Question, value: Any, lang: str) -> str:
        from audit.strings import format_number

        number = format_number(value, lang, grouped=isinstance(value, int))
        unit = q.unit_one if value == 1 and q.unit_one else q.unit
        return f"{number} {unit(lang)}" if unit else number


@register
class FreeText(QuestionKind):
    name = "text"
    scorable = False

    def check(self, q: Question) -> None:
        if q.weight not in (0, 1):
            raise ValueError("a text question is never scored; leave out weight")
