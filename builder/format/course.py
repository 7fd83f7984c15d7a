"""The course format, declared once with the spec machinery (``builder.format.spec``).

The declarations here (``SETTINGS``, ``COURSE_TEXT``, ``LESSON``) are the single statement of
what a course file may contain. From them come:

* the structural checks (unknown and missing keys, wrong types, malformed ids), which report
  a Problem at the node's position and return the checked values as a ``Record``;
* the JSON Schema that editors use (``latarnia schema``, ``builder/schema/latarnia.schema.json``);
* the list of keys that ``docs/authoring.md`` must document (a test walks it).

Meaning that spans several keys (one correct answer, reachable steps, …) is checked where the
model is assembled (``builder.assemble``, ``builder.checks``). Descriptions are in Polish
first, then English: editors show them to trainers on hover. This module is long because it is
a declaration: one ``Field`` per key, each with its two descriptions.
"""

from __future__ import annotations

from typing import Any

from latarnia_builder.format.spec import (
    Boolean,
    Choice,
    Code,
    Date,
    Either,
    Field,
    Id,
    Integer,
    ListOf,
    MapOf,
    Number,
    Obj,
    OneKey,
    PartialDate,
    Text,
    Url,
)
from latarnia_builder.i18n import N_
from latarnia_xblocks.olx import QUESTION_TYPES, SHOW_ANSWER  # the blocks' own lists

LANG_PATTERN = r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$"

MARKDOWN = Text(markdown=True)
TEXT = Text()

GRADING = Obj(
    N_("grading"),
    [
        Field(
            "pass",
            Number(0.01, 1),
            "Próg zaliczenia: część ważonej oceny kursu, np. 0.6.",
            "The pass mark: the share of the weighted course grade, e.g. 0.6.",
            required=True,
        ),
        Field(
            "assignments",
            MapOf(
                Obj(
                    "assignment type",
                    [
                        Field(
                            "weight",
                            Number(0, 1),
                            "Waga w ocenie kursu (0–1); wagi wszystkich rodzajów sumują się do 1.",
                            "Weight in the course grade (0–1); the weights of all types sum to 1.",
                            required=True,
                        ),
                        Field(
                            "short",
                            Text(numbers=True),
                            "Krótki skrót w raporcie ocen, np. Q.",
                            "Short label in the progress report, e.g. Q.",
                            required=True,
                        ),
                        Field(
                            "drop",
                            Integer(0),
                            "Ile najniższych wyników nie liczyć (np. lekcje innej ścieżki).",
                            "How many of the lowest scores do not count (e.g. the other track's).",
                            default=0,
                        ),
                    ],
                ),
                min_items=1,
            ),
            "Rodzaje ocenianych zadań (np. pretest, quiz, final) i ich wagi.",
            "Assignment types (e.g. pretest, quiz, final) and their weights.",
            required=True,
        ),
    ],
)

SETTINGS = Obj(
    N_("course settings"),
    [
        Field(
            "org",
            Code(),
            "Organizacja w Open edX, np. KWP-Szczecin.",
            "The Open edX organisation, e.g. KWP-Szczecin.",
            required=True,
        ),
        Field(
            "number",
            Code(),
            "Numer kursu, np. HL101.",
            "The course number, e.g. HL101.",
            required=True,
        ),
        Field(
            "run",
            Code(),
            'Edycja kursu, np. "2026"; każdy język to edycja <run>-<język>.',
            'The course run, e.g. "2026"; each language is built as run <run>-<lang>.',
            required=True,
        ),
        Field(
            "languages",
            ListOf(Text(pattern=LANG_PATTERN), min_items=1),
            "Języki kursu; pierwszy jest główny. Każdy ma swój folder (pl/, en/).",
            "The course's languages; the first is the primary one. Each has a folder (pl/, en/).",
            required=True,
        ),
        Field(
            "start",
            Date(time=True),
            "Data rozpoczęcia kursu, np. 2026-12-01.",
            "The course start date, e.g. 2026-12-01.",
            required=True,
        ),
        Field(
            "end",
            Date(time=True),
            "Data zakończenia kursu (opcjonalna).",
            "The course end date (optional).",
        ),
        Field(
            "image",
            Text(),
            "Obrazek na karcie kursu, np. media/course-image.png (opcjonalny).",
            "The course card image, e.g. media/course-image.png (optional).",
        ),
        Field(
            "grading",
            GRADING,
            "Ocenianie: próg zaliczenia i rodzaje zadań z wagami.",
            "Grading: the pass mark and the assignment types with their weights.",
            required=True,
        ),
    ],
    "Ustawienia wspólne dla wszystkich języków (course/course.yaml).",
    "Settings shared by every language (course/course.yaml).",
)

CONTACT = Obj(
    N_("contact"),
    [
        Field("id", Id(), "Identyfikator kontaktu.", "The contact's id.", required=True),
        Field("name", TEXT, "Nazwa instytucji lub telefonu.", "Who answers.", required=True),
        Field(
            "phone",
            Text(numbers=True),
            'Numer telefonu, w cudzysłowie, np. "+48 22 628 01 20".',
            'The phone number, in quotes, e.g. "+48 22 628 01 20".',
            required=True,
        ),
        Field("hours", TEXT, "Kiedy można dzwonić.", "When to call."),
        Field(
            "checked",
            PartialDate(),
            "Data, kiedy ktoś sprawdził, że numer działa (albo rok i miesiąc: 2025-10).",
            "The date someone checked that the number works (or year and month: 2025-10).",
            required=True,
        ),
        Field("url", Url(), "Strona internetowa.", "Web page."),
        Field("note", MARKDOWN, "Jedno zdanie wyjaśnienia.", "One sentence of explanation."),
    ],
)

HELP = Obj(
    N_("help"),
    [
        Field(
            "title",
            TEXT,
            "Nagłówek listy kontaktów.",
            "The heading of the contact list.",
            required=True,
        ),
        Field(
            "on_every_page",
            ListOf(Id()),
            "Kontakty pokazywane na dole każdej strony lekcji (domyślnie wszystkie).",
            "Contacts shown at the bottom of every lesson page (default: all).",
        ),
        Field(
            "contacts",
            ListOf(CONTACT, min_items=1),
            "Telefony i instytucje, które pomagają.",
            "Phone lines and organisations that help.",
            required=True,
        ),
    ],
)

TRACK = Obj(
    N_("track"),
    [
        Field("id", Id(), "Identyfikator ścieżki.", "The track's id.", required=True),
        Field("title", TEXT, "Nazwa ścieżki.", "The track's title.", required=True),
        Field(
            "lessons",
            ListOf(Id(), min_items=1),
            "Lekcje ścieżki, w kolejności (nazwy plików z lessons/ bez .yaml).",
            "The track's lessons, in order (file names in lessons/ without .yaml).",
            required=True,
        ),
    ],
)

COURSE_TEXT = Obj(
    N_("course"),
    [
        Field("title", TEXT, "Tytuł kursu.", "The course title.", required=True),
        Field(
            "description",
            MARKDOWN,
            "Opis kursu (Markdown) na stronie „O kursie”.",
            "The course description (Markdown) for the about page.",
            required=True,
        ),
        Field(
            "assignments",
            MapOf(TEXT),
            "Nazwy rodzajów zadań, które widzą uczący się, np. final: Test końcowy.",
            "The names learners see for the assignment types, e.g. final: Final test.",
        ),
        Field(
            "help",
            HELP,
            "Gdzie szukać pomocy: kontakty zdefiniowane raz, pokazywane w lekcjach.",
            "Where to get help: contacts defined once, shown in the lessons.",
            required=True,
        ),
        Field(
            "tracks",
            ListOf(TRACK, min_items=1),
            "Ścieżki kursu (rozdziały), każda z listą lekcji.",
            "The course's tracks (chapters), each with its list of lessons.",
            required=True,
        ),
    ],
    "Kurs w jednym języku (course/<język>/course.yaml).",
    "The course in one language (course/<lang>/course.yaml).",
)

CHOICE = Obj(
    N_("choice"),
    [
        Field("text", MARKDOWN, "Treść odpowiedzi.", "The answer's text.", required=True),
        Field(
            "correct",
            Boolean(),
            "true, jeśli ta odpowiedź jest poprawna.",
            "true if this answer is correct.",
            default=False,
        ),
        Field(
            "feedback",
            MARKDOWN,
            "Informacja zwrotna po wybraniu tej odpowiedzi.",
            "Feedback shown when this answer is chosen.",
            required=True,
        ),
        Field(
            "id",
            Id(),
            "Identyfikator odpowiedzi (domyślnie a, b, c… według kolejności).",
            "The choice's id (default a, b, c… by position).",
        ),
    ],
)

PAIR = Obj(
    N_("pair"),
    [
        Field("left", MARKDOWN, "Lewa strona pary.", "The left side of the pair.", required=True),
        Field(
            "right", MARKDOWN, "Prawa strona pary.", "The right side of the pair.", required=True
        ),
        Field(
            "id",
            Id(),
            "Identyfikator pary (domyślnie a, b, c… według kolejności). Nadaj go, zanim zmienisz "
            "kolejność par w kursie, który ktoś już zaczął.",
            "The pair's id (default a, b, c… by position). Give it before you reorder the pairs "
            "of a course learners have started.",
        ),
    ],
)

ITEM = Either(
    MARKDOWN,
    Obj(
        N_("item"),
        [
            Field("id", Id(), "Identyfikator elementu.", "The item's id.", required=True),
            Field("text", MARKDOWN, "Treść elementu.", "The item's text.", required=True),
        ],
    ),
    expected=N_("Markdown text, or id and text"),
)

# Which keys each question type requires (for editors; builder.checks.lesson says it in words).
_TYPE_RULES = [
    {
        "if": {"properties": {"type": {"enum": ["single", "multiple"]}}},
        "then": {"required": ["choices"]},
    },
    *(
        {
            "if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
            "then": {"required": keys},
        }
        for kind, keys in (
            ("truefalse", ["answer", "feedback_true", "feedback_false"]),
            ("ordering", ["items"]),
            ("matching", ["pairs"]),
        )
    ),
]

QUESTION = Obj(
    N_("question"),
    [
        Field(
            "id",
            Id(),
            "Identyfikator pytania, unikalny w całym kursie.",
            "The question's id, unique in the whole course.",
            required=True,
        ),
        Field(
            "type",
            Choice(*QUESTION_TYPES),
            "Rodzaj pytania: single (jedna), multiple (kilka), truefalse, ordering lub matching.",
            "Question type: single (one), multiple (several), truefalse, ordering or matching.",
            default="single",
        ),
        Field("ask", MARKDOWN, "Treść pytania.", "The question.", required=True),
        Field("hint", MARKDOWN, "Podpowiedź (opcjonalna).", "A hint (optional)."),
        Field(
            "explanation",
            MARKDOWN,
            "Wyjaśnienie pokazywane po odpowiedzi.",
            "An explanation shown after answering.",
        ),
        Field(
            "weight",
            Number(0),
            "Waga pytania w quizie (domyślnie 1).",
            "The question's weight in the quiz (default 1).",
        ),
        Field(
            "mirrors",
            Id(),
            "W teście końcowym: id pytania z testu wstępnego, któremu odpowiada.",
            "In a final test: the id of the pre-test question this one mirrors.",
        ),
        Field(
            "choices",
            ListOf(CHOICE, min_items=2),
            "Odpowiedzi do wyboru (single i multiple).",
            "The answers to choose from (single and multiple).",
        ),
        Field(
            "answer",
            Boolean(),
            "Pytanie truefalse: poprawna odpowiedź, true albo false.",
            "A truefalse question: the correct answer, true or false.",
        ),
        Field(
            "feedback_true",
            MARKDOWN,
            "Pytanie truefalse: informacja zwrotna, gdy ktoś wybierze „prawda”.",
            'A truefalse question: feedback when the learner picks "true".',
        ),
        Field(
            "feedback_false",
            MARKDOWN,
            "Pytanie truefalse: informacja zwrotna, gdy ktoś wybierze „fałsz”.",
            'A truefalse question: feedback when the learner picks "false".',
        ),
        Field(
            "items",
            ListOf(ITEM, min_items=2),
            "Pytanie ordering: elementy w poprawnej kolejności (tekst albo id i text; domyślne id "
            "to a, b, c… według kolejności).",
            "An ordering question: the items in the correct order (text, or id and text; the "
            "default ids are a, b, c… by position).",
        ),
        Field(
            "pairs",
            ListOf(PAIR, min_items=2),
            "Pytanie matching: pary do dopasowania.",
            "A matching question: the pairs to match.",
        ),
    ],
    schema_extra={"allOf": _TYPE_RULES},
)

# Keys that only make sense for some question types.
TYPE_KEYS = {
    "choices": ("single", "multiple"),
    "answer": ("truefalse",),
    "feedback_true": ("truefalse",),
    "feedback_false": ("truefalse",),
    "items": ("ordering",),
    "pairs": ("matching",),
}

QUIZ = Obj(
    N_("quiz"),
    [
        Field("id", Id(), "Identyfikator quizu.", "The quiz's id.", required=True),
        Field("title", TEXT, "Tytuł quizu (opcjonalny).", "The quiz's title (optional)."),
        Field(
            "attempts",
            Integer(0),
            "Liczba prób; 0 lub brak = bez ograniczeń.",
            "Number of attempts; 0 or absent = unlimited.",
        ),
        Field(
            "shuffle",
            Boolean(),
            "Odpowiedzi w losowej kolejności, stałej dla danej osoby (domyślnie true); false dla "
            "odpowiedzi, które mają swoją kolejność.",
            "Choices in an order of each learner's own that does not change (default true); false "
            "for choices that have an order of their own.",
            default=True,
        ),
        Field(
            "show_answer",
            Choice(*SHOW_ANSWER),
            "Kiedy pokazać poprawne odpowiedzi: always, finished (domyślnie) albo never.",
            "When to show the correct answers: always, finished (default) or never.",
            default="finished",
        ),
        Field(
            "reset",
            Boolean(),
            "true: uczący się może wyczyścić odpowiedzi i zacząć od nowa.",
            "true: the learner may clear the answers and start again.",
        ),
        Field(
            "weight",
            Number(0),
            "Punkty tego quizu w jego rodzaju zadań (domyślnie 1).",
            "Points of this quiz within its assignment type (default 1).",
        ),
        Field(
            "questions",
            ListOf(QUESTION, min_items=1),
            "Pytania quizu.",
            "The quiz's questions.",
            required=True,
        ),
    ],
)

SCENARIO_CHOICE = Obj(
    N_("scenario choice"),
    [
        Field(
            "id",
            Id(),
            "Identyfikator wyboru (domyślnie a, b, c… według kolejności).",
            "The choice's id (default a, b, c… by position).",
        ),
        Field("text", MARKDOWN, "Treść wyboru.", "What the learner may do.", required=True),
        Field(
            "goto",
            Id(),
            "Id kroku albo zakończenia, do którego prowadzi ten wybór.",
            "The id of the step or ending this choice leads to.",
            required=True,
        ),
        Field(
            "safe",
            Boolean(),
            "true: wybór bezpieczny; false: ryzykowny.",
            "true: a safe choice; false: a risky one.",
            required=True,
        ),
        Field(
            "feedback",
            MARKDOWN,
            "Konsekwencja wyboru, bez oceniania.",
            "The consequence of the choice, without judging.",
            required=True,
        ),
    ],
)

STEP = Obj(
    N_("step"),
    [
        Field("id", Id(), "Identyfikator kroku.", "The step's id.", required=True),
        Field("text", MARKDOWN, "Opis sytuacji.", "The situation.", required=True),
        Field(
            "choices",
            ListOf(SCENARIO_CHOICE, min_items=1),
            "Możliwe wybory.",
            "The choices the learner has.",
            required=True,
        ),
    ],
)

ENDING = Obj(
    N_("ending"),
    [
        Field("id", Id(), "Identyfikator zakończenia.", "The ending's id.", required=True),
        Field("title", TEXT, "Tytuł zakończenia.", "The ending's title."),
        Field(
            "summary",
            MARKDOWN,
            "Podsumowanie: co się stało i gdzie szukać pomocy.",
            "The debrief: what happened and where to get help.",
            required=True,
        ),
    ],
)

SCENARIO = Obj(
    N_("scenario"),
    [
        Field("id", Id(), "Identyfikator scenariusza.", "The scenario's id.", required=True),
        Field("title", TEXT, "Tytuł scenariusza.", "The scenario's title."),
        Field(
            "note",
            MARKDOWN,
            "Uwaga o treści, pokazywana przed pierwszym krokiem.",
            "A content note, shown before the first step.",
        ),
        Field(
            "scored",
            Boolean(),
            "true: wynik to udział bezpiecznych wyborów na ścieżce uczącego się.",
            "true: the score is the share of safe choices on the learner's path.",
        ),
        Field(
            "weight",
            Number(0),
            "Punkty scenariusza (gdy scored: true).",
            "The scenario's points (when scored: true).",
        ),
        Field(
            "first_step",
            Id(),
            "Id pierwszego kroku (domyślnie pierwszy na liście).",
            "The id of the first step (default: the first in the list).",
        ),
        Field(
            "steps",
            ListOf(STEP, min_items=1),
            "Kroki scenariusza.",
            "The scenario's steps.",
            required=True,
        ),
        Field(
            "endings",
            ListOf(ENDING, min_items=1),
            "Zakończenia scenariusza.",
            "The scenario's endings.",
            required=True,
        ),
    ],
)

# Figures that expire (a year's minimum wage): sources and text blocks may say until when.
VALID_UNTIL = Field(
    "valid_until",
    PartialDate(),
    "Do kiedy ta informacja obowiązuje (np. kwoty na jeden rok: 2026-12-31). Sprawdzanie ostrzega, "
    "gdy ten dzień wypada przed końcem kursu.",
    "Until when this holds (e.g. figures for one year: 2026-12-31). The check warns when that day "
    "comes before the course ends.",
)

TEXT_BLOCK = Either(
    MARKDOWN,
    Obj(
        "text block",
        [
            Field("id", Id(), "Identyfikator bloku tekstu.", "The text block's id.", required=True),
            Field("body", MARKDOWN, "Tekst (Markdown).", "The text (Markdown).", required=True),
            VALID_UNTIL,
        ],
    ),
    expected=N_("Markdown text, or id and body"),
)

BLOCK = OneKey(
    N_("block"),
    [
        Field(
            "text",
            TEXT_BLOCK,
            "Tekst (Markdown): akapity, listy, tabele, obrazki z media/, ramki !!! tip itp.",
            "Markdown: paragraphs, lists, tables, images from media/, !!! tip callouts etc.",
        ),
        Field(
            "help",
            Either(
                Choice("all"),
                ListOf(Id(), min_items=1),
                expected=N_("'all' or a list of contact ids"),
            ),
            "Kontakty pomocowe kursu: all albo lista id kontaktów.",
            "The course's help contacts: all, or a list of contact ids.",
        ),
        Field("quiz", QUIZ, "Quiz z pytaniami.", "A quiz with questions."),
        Field(
            "scenario",
            SCENARIO,
            "Scenariusz z rozgałęzieniami: kroki, wybory, zakończenia.",
            "A branching scenario: steps, choices, endings.",
        ),
    ],
)

UNIT = Obj(
    N_("unit"),
    [
        Field("id", Id(), "Identyfikator strony lekcji.", "The unit's id.", required=True),
        Field("title", TEXT, "Tytuł strony.", "The unit's title.", required=True),
        Field(
            "blocks",
            ListOf(BLOCK, min_items=1),
            "Zawartość strony: bloki text, help, quiz, scenario.",
            "The unit's content: text, help, quiz and scenario blocks.",
            required=True,
        ),
    ],
)

SOURCE = Obj(
    N_("source"),
    [
        Field("title", TEXT, "Co to za źródło.", "What the source is.", required=True),
        Field(
            "date",
            PartialDate(),
            "Data źródła lub stanu prawnego (może być sam rok i miesiąc albo rok).",
            "The date of the source or of the law as cited (may be year-month, or a year).",
            required=True,
        ),
        Field("url", Url(), "Adres internetowy (opcjonalny).", "Web address (optional)."),
        VALID_UNTIL,
    ],
)

LESSON = Obj(
    N_("lesson"),
    [
        Field("title", TEXT, "Tytuł lekcji.", "The lesson's title.", required=True),
        Field(
            "assignment",
            Id(),
            "Rodzaj zadania, do którego liczą się quizy lekcji (np. quiz, final).",
            "The assignment type this lesson's quizzes count as (e.g. quiz, final).",
        ),
        Field(
            "objectives",
            ListOf(MARKDOWN, min_items=1),
            "Cele lekcji, pokazywane na jej początku.",
            "The lesson's objectives, shown at its start.",
        ),
        Field(
            "units",
            ListOf(UNIT, min_items=1),
            "Strony lekcji, w kolejności.",
            "The lesson's pages (units), in order.",
            required=True,
        ),
        Field(
            "sources",
            ListOf(SOURCE, min_items=1),
            "Źródła, na których opiera się lekcja.",
            "What the lesson relies on.",
            required=True,
        ),
    ],
    "Jedna lekcja (course/<język>/lessons/<id>.yaml).",
    "One lesson (course/<lang>/lessons/<id>.yaml).",
)

FILES = {"settings": SETTINGS, "course": COURSE_TEXT, "lesson": LESSON}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of all three kinds of course file (editors pick the matching one)."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Latarnia course source",
        "description": "Plik kursu Latarnia: ustawienia, kurs w jednym języku albo lekcja.\n\n"
        "A Latarnia course file: shared settings, the course in one language, or a lesson.",
        "definitions": {name: spec.schema() for name, spec in FILES.items()},
        "anyOf": [{"$ref": f"#/definitions/{name}"} for name in FILES],
    }


def all_keys() -> set[str]:
    """Every key name the format knows, in any file."""
    return {name for spec in FILES.values() for name, _ in spec.walk()}
