"""Realistic Polish examples of each block, in the OLX of ``xblocks/olx.py``.

They feed the blocks' ``workbench_scenarios()`` (what ``make preview`` and the browser tests
show) and the tests. The XML is written by the same functions the builder uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from latarnia_xblocks import olx
from lxml import etree

PASZPORT = {
    "id": "wb-paszport",
    "type": "single",
    "weight": 1.0,
    "mirrors": "",
    "prompt": "<p>Nowy pracodawca prosi, żebyś oddał lub oddała mu paszport „do depozytu”. "
    "Co robisz?</p>",
    "hint": "<p>Pomyśl, kto ma prawo przechowywać twoje dokumenty.</p>",
    "explanation": "<p>Pracodawca nie ma prawa zabierać ani przechowywać twojego paszportu. "
    "Zabieranie dokumentów to jeden ze wskaźników pracy przymusowej.</p>",
    "choices": [
        {
            "id": "a",
            "text": "<p>Zostawiam paszport u siebie i pytam, po co mu on.</p>",
            "correct": True,
            "feedback": "<p>Tak. Twoje dokumenty zostają przy tobie.</p>",
        },
        {
            "id": "b",
            "text": "<p>Oddaję paszport, bo tak jest bezpieczniej.</p>",
            "correct": False,
            "feedback": "<p>Nie. Zabieranie dokumentów to sygnał ostrzegawczy.</p>",
        },
        {
            "id": "c",
            "text": "<p>Oddaję paszport, jeśli dostanę pokwitowanie.</p>",
            "correct": False,
            "feedback": "<p>Pokwitowanie nic nie zmienia: paszport zostaje przy tobie.</p>",
        },
    ],
    "items": [],
    "pairs": [],
}
SYGNALY = {
    "id": "wb-sygnaly",
    "type": "multiple",
    "weight": 2.0,
    "mirrors": "wb-pre-sygnaly",
    "prompt": "<p>Które elementy ogłoszenia są sygnałami ostrzegawczymi? Zaznacz wszystkie.</p>",
    "hint": "",
    "explanation": "<p>Zbyt wysoka płaca, brak wymagań i opłata z góry to typowe wabiki.</p>",
    "choices": [
        {
            "id": "a",
            "text": "<p>Płaca trzy razy wyższa niż zwykle.</p>",
            "correct": True,
            "feedback": "<p>Tak. Zbyt dobra obietnica to częsty wabik.</p>",
        },
        {
            "id": "b",
            "text": "<p>Słowo „wakacje” w ogłoszeniu.</p>",
            "correct": False,
            "feedback": "<p>Nie. Praca wakacyjna sama w sobie jest czymś zwykłym.</p>",
        },
        {
            "id": "c",
            "text": "<p>Opłata za rezerwację z góry.</p>",
            "correct": True,
            "feedback": "<p>Tak. Płacisz, zanim cokolwiek dostaniesz.</p>",
        },
    ],
    "items": [],
    "pairs": [],
}
GROOMING = {
    "id": "wb-grooming",
    "type": "truefalse",
    "weight": 1.0,
    "mirrors": "",
    "prompt": "<p>Skoro nie doszło do spotkania, szkoła nie ma powodu reagować na niepokojący "
    "kontakt dorosłego z uczniem w sieci.</p>",
    "hint": "",
    "explanation": "<p>Uwodzenie małoletniego przez internet jest przestępstwem (art. 200a "
    "Kodeksu karnego).</p>",
    "choices": [
        {
            "id": "true",
            "text": "",
            "correct": False,
            "feedback": "<p>To nieprawda. Nie trzeba czekać na spotkanie.</p>",
        },
        {
            "id": "false",
            "text": "",
            "correct": True,
            "feedback": "<p>Dobrze. Szkoła reaguje zgodnie ze swoją procedurą.</p>",
        },
    ],
    "items": [],
    "pairs": [],
}
KROKI = {
    "id": "wb-kroki",
    "type": "ordering",
    "weight": 1.0,
    "mirrors": "",
    "prompt": "<p>Ułóż kroki w kolejności, w jakiej je wykonasz.</p>",
    "hint": "",
    "explanation": "<p>Najpierw sprawdzasz agencję, potem czytasz umowę, a podpisujesz ją na "
    "końcu.</p>",
    "choices": [],
    "items": [
        {"id": "kraz", "text": "<p>Sprawdzam agencję w rejestrze KRAZ</p>"},
        {"id": "czytam", "text": "<p>Czytam umowę</p>"},
        {"id": "podpisuje", "text": "<p>Podpisuję umowę</p>"},
    ],
    "pairs": [],
}
PARY = {
    "id": "wb-pary",
    "type": "matching",
    "weight": 1.0,
    "mirrors": "",
    "prompt": "<p>Dopasuj skrót do instytucji.</p>",
    "hint": "",
    "explanation": "<p>KRAZ to rejestr agencji zatrudnienia, EURES to europejskie publiczne "
    "służby zatrudnienia.</p>",
    "choices": [],
    "items": [],
    "pairs": [
        {"id": "kraz", "text": "<p>KRAZ</p>", "match": "<p>Rejestr agencji zatrudnienia</p>"},
        {
            "id": "eures",
            "text": "<p>EURES</p>",
            "match": "<p>Europejskie publiczne służby zatrudnienia</p>",
        },
        {"id": "pip", "text": "<p>PIP</p>", "match": "<p>Państwowa Inspekcja Pracy</p>"},
    ],
}
UMOWA = {
    "id": "wb-umowa",
    "type": "single",
    "weight": 1.0,
    "mirrors": "",
    "prompt": "<p>Kiedy pracodawca musi potwierdzić na piśmie rodzaj umowy i jej warunki?</p>",
    "hint": "",
    "explanation": "<p>Kodeks pracy wymaga potwierdzenia warunków na piśmie, zanim zaczniesz "
    "pracę.</p>",
    "choices": [
        {
            "id": "a",
            "text": "<p>Zanim zaczniesz pracować.</p>",
            "correct": True,
            "feedback": "<p>Tak. Dostajesz to na piśmie przed pierwszym dniem pracy.</p>",
        },
        {
            "id": "b",
            "text": "<p>Po pierwszym miesiącu pracy.</p>",
            "correct": False,
            "feedback": "<p>Nie. Na piśmie dostajesz to wcześniej.</p>",
        },
    ],
    "items": [],
    "pairs": [],
}

QUIZZES: list[tuple[str, dict, list[dict]]] = [
    (
        "Latarnia quiz: every question type (2 attempts)",
        {"display_name": "Sprawdź się", "max_attempts": 2, "shuffle": True, "kind": "quiz"},
        [PASZPORT, SYGNALY, GROOMING, KROKI, PARY],
    ),
    (
        "Latarnia quiz: one attempt, answers shown after it",
        {
            "display_name": "Test końcowy",
            "max_attempts": 1,
            "show_answer": "always",
            "kind": "final",
        },
        [PASZPORT, UMOWA],
    ),
    (
        "Latarnia quiz: no attempt limit, may start again, answers never shown",
        {"display_name": "Ćwiczenie", "show_answer": "never", "allow_reset": True},
        [UMOWA],
    ),
]

SCENARIO: dict[str, Any] = {
    "settings": {"display_name": "Oferta przez komunikator", "scored": True, "first_step": "s1"},
    "intro": "<p>Ta scenka opisuje próbę werbunku. Możesz ją przerwać w każdej chwili.</p>",
    "steps": [
        {
            "id": "s1",
            "text": "<p>Na komunikatorze pisze do ciebie nieznajoma osoba: „Mam pracę w Holandii, "
            "3 razy więcej niż w Polsce. Wyjazd w piątek, decyduj dziś”.</p>",
            "choices": [
                {
                    "id": "pytam",
                    "text": "<p>Proszę o nazwę firmy i umowę na piśmie.</p>",
                    "next": "s2",
                    "safe": True,
                    "feedback": "<p>Osoba odpisuje, że umowę dostaniesz na miejscu.</p>",
                },
                {
                    "id": "jade",
                    "text": "<p>Zgadzam się i wysyłam zdjęcie paszportu.</p>",
                    "next": "ryzyko",
                    "safe": False,
                    "feedback": "<p>Osoba ma teraz twoje dane i naciska, żebyś nie mówił nikomu "
                    "o wyjeździe.</p>",
                },
            ],
        },
        {
            "id": "s2",
            "text": "<p>Nie ma umowy, jest tylko numer komórki. Co robisz?</p>",
            "choices": [
                {
                    "id": "sprawdzam",
                    "text": "<p>Sprawdzam agencję w KRAZ i dzwonię do KCIK po radę.</p>",
                    "next": "dobry",
                    "safe": True,
                    "feedback": "<p>Agencji nie ma w rejestrze. Konsultantka KCIK wyjaśnia, na co "
                    "uważać.</p>",
                },
                {
                    "id": "ufam",
                    "text": "<p>Ufam i kupuję bilet.</p>",
                    "next": "ryzyko",
                    "safe": False,
                    "feedback": "<p>Na miejscu nikt nie ma dla ciebie umowy.</p>",
                },
            ],
        },
    ],
    "endings": [
        {
            "id": "dobry",
            "title": "Bezpieczna decyzja",
            "text": "<p>Sprawdziłeś lub sprawdziłaś ofertę i poprosiłeś lub poprosiłaś o radę. "
            "KCIK: +48 22 628 01 20, całą dobę.</p>",
        },
        {
            "id": "ryzyko",
            "title": "Ryzykowna sytuacja",
            "text": "<p>Tak zaczyna się wiele historii pracy przymusowej. Jeśli ktoś zabrał ci "
            "dokumenty, zadzwoń do KCIK: +48 22 628 01 20 albo pod 112.</p>",
        },
    ],
}

LESSON = {
    "settings": {"display_name": "Sygnały ostrzegawcze", "contacts_title": "Gdzie szukać pomocy"},
    "content": (
        "<h2>Sygnały ostrzegawcze</h2>"
        "<p>Większość ofert pracy jest uczciwa. Zatrzymaj się, jeśli:</p>"
        "<ul><li>płaca jest dużo wyższa niż zwykle,</li>"
        "<li>jedynym kontaktem jest numer komórki.</li></ul>"
        '<aside class="latarnia-callout latarnia-callout--warning" role="note">'
        '<p class="latarnia-callout__title">Uwaga</p>'
        "<p>Nikt nie ma prawa zabrać ci paszportu.</p></aside>"
        '<aside class="latarnia-callout latarnia-callout--tip" role="note">'
        '<p class="latarnia-callout__title">Hasło bezpieczeństwa</p>'
        "<p>Umów się z bliskimi na słowo, które znaczy „potrzebuję pomocy”.</p></aside>"
        '<table><caption>Sygnał i powód</caption><thead><tr><th scope="col">Sygnał w ofercie</th>'
        '<th scope="col">Dlaczego to ważne</th></tr></thead><tbody>'
        "<tr><td>Opłata z góry</td><td>Płacisz, zanim cokolwiek dostaniesz.</td></tr>"
        "<tr><td>Presja czasu</td><td>Nie ma kiedy sprawdzić oferty.</td></tr>"
        "</tbody></table>"
        '<figure><img src="/static/workbench/images/header-logo.png" '
        'alt="Przykładowy obraz: logo środowiska podglądu">'
        "<figcaption>Obraz z podpisem</figcaption></figure>"
        '<p>Sprawdź agencję na <a href="https://kraz.praca.gov.pl">kraz.praca.gov.pl</a>.</p>'
        "<details><summary>Skąd to wiemy?</summary><p>Z materiałów Policji.</p></details>"
    ),
    "contacts": [
        {
            "id": "kcik",
            "name": "Krajowe Centrum Interwencyjno-Konsultacyjne dla Ofiar Handlu Ludźmi (KCIK)",
            "phone": "+48 22 628 01 20",
            "hours": "całą dobę",
            "checked": "2025-10-31",
            "url": "https://www.kcik.pl",
            "note": "Prowadzą je Fundacja La Strada i Stowarzyszenie Po-MOC.",
        },
        {
            "id": "112",
            "name": "Numer alarmowy",
            "phone": "112",
            "hours": "całą dobę",
            "checked": "2025-10-31",
            "url": "",
            "note": "",
        },
    ],
}


def _xml(tag: str, fill: Callable[[etree._Element], None]) -> str:
    node = etree.Element(tag)
    fill(node)
    return etree.tostring(node, encoding="unicode")


def quiz_xml(settings: dict, questions: list[dict]) -> str:
    return _xml("latarnia_quiz", lambda node: olx.quiz_to_xml(node, settings, questions))


def scenario_xml(example: dict = SCENARIO) -> str:
    return _xml(
        "latarnia_scenario",
        lambda node: olx.scenario_to_xml(
            node, example["settings"], example["intro"], example["steps"], example["endings"]
        ),
    )


def lesson_xml(example: dict = LESSON) -> str:
    return _xml(
        "latarnia_lesson",
        lambda node: olx.lesson_to_xml(
            node, example["settings"], example["content"], example["contacts"]
        ),
    )


def quiz_scenarios() -> list[tuple[str, str]]:
    return [(title, quiz_xml(settings, questions)) for title, settings, questions in QUIZZES]


def scenario_scenarios() -> list[tuple[str, str]]:
    unscored = {**SCENARIO, "settings": {**SCENARIO["settings"], "scored": False}}
    return [
        ("Latarnia scenario: an offer on a messenger (scored)", scenario_xml()),
        ("Latarnia scenario: the same, not scored", scenario_xml(unscored)),
    ]


def lesson_scenarios() -> list[tuple[str, str]]:
    return [("Latarnia lesson: warning signs, callouts, a table, help contacts", lesson_xml())]
