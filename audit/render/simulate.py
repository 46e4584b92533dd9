"""Made-up companies for measuring the report on cases nobody has tuned it to.

`benchmarks/pages.py` and the report tests render these instead of the shipped examples: a
seed varies the company's maturity (from not on social media at all to strong), sector,
size, how many channels it keeps up, the length of every free text (the company name, the
client's goal and frustration in their own words, notes per question, the consultant's
conclusion and remarks per dimension and per finding) and whether it is Dutch or Flemish.

Answers are drawn from the questionnaire itself: for a target maturity m (0-1) each question
gets an option whose points sit near m of the way from its lowest to its highest, with noise,
so that a company is mostly weak or mostly strong without being the same everywhere. Every
generated mapping goes through the same `from_mapping` check as an answers file.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from audit.model import Question, Questionnaire

# --- names and words ------------------------------------------------------------------------

FIRMS_NL = [
    ("Kapsalon Lief", "Kapper", "solo"),
    ("Fietsenmakerij Spaak", "Fietsenwinkel en reparatie", "micro"),
    ("Loodgietersbedrijf Bakker", "Installatie", "micro"),
    ("Tandartspraktijk Het Witte Huis", "Zorg", "small"),
    ("Boekhandel De Zilveren Pen", "Detailhandel", "micro"),
    ("Hoveniersbedrijf Groenrijk B.V.", "Hoveniers", "small"),
    ("Van der Heijden Transport & Logistiek", "Transport", "medium"),
    ("Camping De Berkenhoeve", "Recreatie", "micro"),
    ("Accountantskantoor Mulder & Partners", "Zakelijke dienstverlening", "small"),
    ("Installatie- en Onderhoudsbedrijf Gebroeders Van der Heijden-Vermeulen & Zonen B.V.",
     "Installatietechniek (verwarming, koeling en duurzame energie)", "medium"),
    ("Yoga Studio Adem", "Sport en welzijn", "solo"),
    ("Metaalbewerking Oost-Nederland Precisietechniek", "Maakindustrie", "medium"),
    ("Restaurant 't Pakhuis", "Horeca", "small"),
    ("Stichting Thuiszorg De Linde", "Zorg en welzijn", "large"),
    ("Coöperatieve Vereniging Zorgboerderij De Gouden Schoof en Kinderopvang 't Boerderijtje U.A. "
     "(Zuidoost-Drenthe)", "Zorg, landbouw en kinderopvang", "small"),
]
FIRMS_BE = [
    ("Bakkerij Wouters", "Bakkerij", "micro"),
    ("Frituur Bij Rita", "Horeca", "solo"),
    ("Schrijnwerkerij Peeters & Zonen", "Bouw en interieur", "small"),
    ("Brouwerij Het Gulden Vat", "Drankenproductie", "small"),
    ("Dakwerken Janssens BV", "Bouw", "micro"),
    ("Advocatenkantoor Van den Broeck-Claeys", "Juridische dienstverlening", "small"),
    ("Tuincentrum De Groene Vinger en Dierenspeciaalzaak Het Baasje (Lokeren-Waasmunster)",
     "Tuincentrum en dierenspeciaalzaak", "medium"),
    ("Opticien Maes", "Detailhandel", "solo"),
    ("Drukkerij Verstraete", "Grafische sector", "small"),
    ("Woonzorgcentrum Sint-Jozef vzw", "Zorg", "large"),
]
SIZE_TEXT = {
    "nl": {"solo": "eenmanszaak", "micro": "{n} medewerkers", "small": "{n} medewerkers",
           "medium": "{n} medewerkers, twee vestigingen", "large": "{n} medewerkers"},
    "nl-BE": {"solo": "zelfstandige", "micro": "{n} werknemers", "small": "{n} werknemers",
              "medium": "{n} werknemers, twee vestigingen", "large": "{n} werknemers"},
}
SIZE_RANGE = {"solo": (1, 1), "micro": (2, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 600)}
PEOPLE = ["Sanne de Vries", "Daan Bakker", "Fatima El Amrani", "Jeroen Visser", "Lotte Mulder",
          "Koen Janssens", "Els Peeters", "Wout Maes", "Ann Van den Broeck", "Mehmet Yılmaz",
          "Ilse de Jong", "Pieter-Jan Claeys"]
CONSULTANTS = ["Eva Jansen", "Joost van Leeuwen", "Nathalie Dubois-Verhaeghe", "Tom Wouters"]

GOALS = [
    "Meer vaste klanten.",
    "Personeel vinden.",
    "Over twee jaar een tweede vestiging openen en daarvoor vooraf bekend worden in de nieuwe wijk.",
    "Minder afhankelijk worden van die ene grote opdrachtgever: we willen er drie nieuwe zakelijke "
    "klanten bij in de regio, liefst bedrijven met eigen gebouwen die onderhoud nodig hebben.",
    "Groeien zonder de kwaliteit te verliezen. We krijgen nu al meer aanvragen dan we aankunnen in "
    "het voorjaar, maar in de winter is het stil. We willen het werk beter over het jaar spreiden, "
    "vaste onderhoudscontracten verkopen en zo het hele jaar door onze vier vaste mensen aan het werk "
    "houden, zonder in de zomer nee te moeten verkopen tegen klanten die al jaren bij ons komen. En "
    "eerlijk gezegd: ik wil over vijf jaar kunnen stoppen en het bedrijf overdragen aan mijn dochter.",
]
FRUSTRATIONS = [
    "Geen tijd.",
    "Ik weet niet of het iets oplevert.",
    "We posten wel, maar er reageert bijna niemand en ik heb geen idee wat ik anders moet doen.",
    "Iedereen zegt dat we op TikTok moeten, maar niemand hier weet hoe dat werkt, en als ik er "
    "een avond aan besteed heb ik drie filmpjes met vijftig weergaven.",
    "Het hangt allemaal aan mij. Als ik ziek ben of op vakantie, gebeurt er niets, en als er dan "
    "een klacht op Facebook komt, staat die er een week. Vorig jaar schreef iemand een lange "
    "negatieve recensie over een levering die te laat was; we hebben er nooit op gereageerd omdat "
    "niemand wist wie dat mocht doen of wat we moesten zeggen. Dat zit me nog steeds dwars.",
]
NOTES = [
    "Twijfel bij dit antwoord.",
    "Klopt niet helemaal: de eigenaar en de marketingmedewerker zagen dit verschillend.",
    "Volgens de eigenaar gebeurt dit ‘als er tijd is’, in de praktijk een paar keer per jaar, "
    "meestal na een drukke periode. Er is geen vast moment voor en niemand houdt bij wat er "
    "besproken is; de cijfers van Instagram en Facebook zijn nooit samen naast de omzet gelegd.",
]
CONCLUSIONS = [
    "Een goede basis; nu vooral volhouden.",
    "Jullie doen met weinig tijd al veel goed: de foto's van het werk spreken aan en klanten "
    "reageren. Wat ontbreekt is een doel en een vast moment in de week.\n\nBegin klein: één A4 met "
    "het doel, twee collega's die elk een vast moment per week foto's aanleveren, en één cijfer dat "
    "jullie maandelijks bijhouden.",
    "Het gesprek liet zien dat social media hier vooral uit plichtsbesef gebeurt: ‘het hoort erbij’. "
    "Dat is geen verwijt, maar het verklaart waarom het resultaat tegenvalt. Er is geen doel, niemand "
    "heeft er tijd voor gekregen, en wat er gepost wordt, gaat bijna altijd over aanbiedingen.\n\n"
    "Tegelijk is er veel om mee te werken: een herkenbaar vak, medewerkers die trots zijn op hun werk "
    "en klanten die al jaren terugkomen. Die verhalen zijn precies wat mensen op social media willen "
    "zien, en ze kosten weinig om te maken.\n\nMijn advies is om de komende drie maanden niet meer te "
    "gaan doen, maar anders: kies één platform, spreek af wie wat doet, en kijk na twaalf weken samen "
    "naar wat het heeft opgeleverd. Daarna beslissen jullie pas over een tweede kanaal of advertenties.",
]
REMARKS = [
    "Eens.",
    "Hier ligt de grootste winst op korte termijn.",
    "De eigenaar gaf aan dat dit bewust zo gekozen is; we hebben afgesproken het over drie maanden "
    "opnieuw te bekijken, als de nieuwe website live staat en er meer zicht is op de aanvragen.",
]
GENERAL = [
    "", "Gesprek in de werkplaats, met koffie.",
    "Het gesprek werd twee keer onderbroken door klanten; een deel van de vragen over meten is "
    "daarna telefonisch aangevuld door de boekhouder.",
]


@dataclass
class MadeUpCompany:
    """One generated company: its answers-file mapping and what it was drawn as."""

    key: str
    maturity: float
    flemish: bool
    data: dict[str, Any]


def _by_points(points: list[float], m: float, rng: random.Random, spread: float = 0.18) -> int:
    """An index into `points`: the option nearest to m of the way from lowest to highest."""
    low, high = min(points), max(points)
    target = low + (high - low) * min(1.0, max(0.0, rng.gauss(m, spread)))
    return min(range(len(points)), key=lambda i: (abs(points[i] - target), rng.random()))


def _answer(question: Question, m: float, rng: random.Random, size: str, channels: int) -> Any:
    if question.id == "headcount":
        return size
    if question.id == "channels_used":
        plain = [o.value for o in question.options if not o.exclusive]
        return sorted(rng.sample(plain, min(channels, len(plain))), key=plain.index)
    if question.type == "single":
        return question.options[_by_points([o.points for o in question.options], m, rng)].value
    if question.type == "multi":
        exclusive = [o for o in question.options if o.exclusive]
        plain = [o for o in question.options if not o.exclusive]
        lowest = min(o.points for o in plain)
        if exclusive and exclusive[0].points <= lowest and rng.random() < (1 - m) ** 2 * 0.7:
            return [exclusive[0].value]
        good = sorted(plain, key=lambda o: -o.points)
        count = max(1, round(len(plain) * min(1.0, max(0.1, rng.gauss(m, 0.2))) * 0.8))
        chosen = [o for o in good if rng.random() < (0.3 + 0.7 * m if o.points > 0 else 0.7 - 0.6 * m)]
        chosen = chosen[:count] or [rng.choice(plain)]
        return [o.value for o in plain if o in chosen]
    if question.type == "yesno":
        yes, no = question.yes_points or 0, question.no_points or 0
        return "yes" if (rng.random() < m) == (yes >= no) else "no"
    if question.type == "scale":
        points = question.scale_points or [0, 1, 2, 3, 4]
        return _by_points(points, m, rng, spread=0.25) + 1
    if question.type == "number":
        if question.id == "people_involved" and size == "solo":
            return 1
        if question.bands:
            band = _by_points([b.points for b in question.bands], m, rng)
            low = question.bands[band - 1].upto if band else (question.min or 0)
            high = question.bands[band].upto
            if high is None:
                high = (low or 0) * 3 + 4
            value = low + (high - low) * rng.random() if band else high
            return round(value) if question.whole else round(value * 2) / 2
        return round(max(0.0, rng.gauss(m * 6, 1.5)))
    return None  # text: filled in by the caller


def _pick(rng: random.Random, texts: list[str], long: float) -> str:
    """A text, the longer ones more likely when `long` is high."""
    weights = [1 + long * i * 2 for i in range(len(texts))]
    return rng.choices(texts, weights=weights)[0]


def _flemish(text: str) -> str:
    for nl, be in (("medewerkers", "werknemers"), ("eigenaar", "zaakvoerder"), ("B.V.", "BV")):
        text = text.replace(nl, be)
    return text


def make_company(q: Questionnaire, seed: int, maturity: float | None = None) -> MadeUpCompany:
    """One reproducible company for `seed` (maturity drawn from none to strong unless given)."""
    rng = random.Random(seed)
    m = rng.choice([0.0, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) if maturity is None else maturity
    flemish = rng.random() < 0.4
    name, sector, size = rng.choice(FIRMS_BE if flemish else FIRMS_NL)
    long = rng.random()  # how wordy this client and consultant are
    channels = rng.choice([1, 2, 3, 5, 7])
    headcount = rng.randint(*SIZE_RANGE[size])
    values: dict[str, Any] = {}
    seen: dict[str, Any] = {}
    for question in q.questions:
        rule = q.condition_rule(question)
        if rule is not None and not rule.evaluate(seen):
            continue
        if question.id == "active" and m == 0.0:
            value: Any = "no"
        elif question.type == "text":
            voice = q.client_voice.model_dump() if q.client_voice else {}
            role = next((r for r, qid in voice.items() if qid == question.id), None)
            if role is None or rng.random() < 0.2:
                seen[question.id] = None
                continue
            value = _pick(rng, GOALS if role == "goal" else FRUSTRATIONS, long)
        else:
            if not question.required and rng.random() < 0.15:
                seen[question.id] = None
                continue
            value = _answer(question, m, rng, size, channels)
        if flemish and isinstance(value, str) and question.type == "text":
            value = _flemish(value)
        values[question.id] = seen[question.id] = value
    lang = "nl-BE" if flemish else "nl"
    notes = {qid: _flemish(_pick(rng, NOTES, long)) if flemish else _pick(rng, NOTES, long)
             for qid in rng.sample(sorted(values), rng.randint(0, 4))}
    data: dict[str, Any] = {
        "language": lang,
        "company": {"name": name, "sector": sector,
                    "size": SIZE_TEXT[lang][size].format(n=headcount),
                    "date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                    "consultant": rng.choice(CONSULTANTS)},
        "answers": values,
        "notes": notes,
    }
    conclusion = _pick(rng, CONCLUSIONS, long) if rng.random() < 0.8 else ""
    remarks_dims = {d.id: _pick(rng, REMARKS, long)
                    for d in rng.sample(q.dimensions, rng.randint(0, len(q.dimensions)))}
    data["consultant_notes"] = {
        "conclusion": _flemish(conclusion) if flemish else conclusion,
        "general": _pick(rng, GENERAL, long),
        "dimensions": remarks_dims,
        "findings": {},  # filled in by with_finding_remarks once the findings are known
    }
    data["session"] = {"present": rng.sample(PEOPLE, rng.randint(1, 3)) + [data["company"]["consultant"]],
                       "started": f"{data['company']['date']}T{rng.randint(8, 17):02d}:00",
                       "duration_minutes": rng.choice([45, 60, 75, 90, 120])}
    return MadeUpCompany(key=f"s{seed}-m{round(m * 100):02d}-{'be' if flemish else 'nl'}",
                         maturity=m, flemish=flemish, data=data)


def with_finding_remarks(company: MadeUpCompany, finding_ids: list[str], seed: int) -> None:
    """The consultant's remarks on some of the findings the audit actually made."""
    rng = random.Random(seed * 7919 + 1)
    chosen = rng.sample(finding_ids, rng.randint(0, min(4, len(finding_ids))))
    company.data["consultant_notes"]["findings"] = {fid: rng.choice(REMARKS) for fid in chosen}
