"""Synthetic cohorts: a small course (OLX, pl and en runs) and the two CSVs Open edX would give
for learners drawn from a known model, with the headers byte for byte as openedx-platform
writes them (``lms/djangoapps/instructor_task/tasks_helper/grades.py``).

The model: each learner has an ability θ ~ N(0, 1); each question a difficulty b. A learner
knows the answer with probability sigmoid(θ − b) before the course and sigmoid(θ + gain − b)
after it (``gain`` per track, in logits). Who knows picks the truly right answer; who does not
picks one of the question's wrong answers at random. The score is what our block computes with
the course's key (``latarnia_xblocks.grading.score``), so a question whose key is wrong (the
*planted broken question*) scores the wrong answer. Some learners leave before the final test
(``dropout``), some skip the pre-test (``skip_pretest``), some enrol and do nothing; dropping out
is at random, so the matched pairs estimate the population's gain without bias.

``true_gain`` gives the model's expected final − pre score (percentage points on the mirrored
questions, as the report computes them) by integrating the expected scores over θ.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from latarnia_xblocks import grading
from latarnia_xblocks import olx as blocks
from lxml import etree

ORG, NUMBER, RUN = "KWP-Szczecin", "SYN101", "2026"
GRADE_HEADER = ["Student ID", "Email", "Username", "Enrollment Status", "Grade"]
# Open edX sorts the keys of a plain dict from generate_report_data.
RESPONSE_KEYS = sorted(
    [
        "Question ID",
        "Question",
        "Answer",
        "Answer ID",
        "Correct",
        "Score",
        "Max score",
        "Mirrors",
        "Kind",
        "Attempts",
    ]
)
RESPONSE_HEADER = ["username", "title", "location", *RESPONSE_KEYS, "block_key", "state"]

WORDS = {
    "pl": {
        "course": "Kurs syntetyczny",
        "pretest": "Test wstępny",
        "final": "Test końcowy",
        "quiz": "Quiz",
        "check": "Sprawdź się",
        "lesson": "Lekcja",
    },
    "en": {
        "course": "Synthetic course",
        "pretest": "Pre-test",
        "final": "Final test",
        "quiz": "Quiz",
        "check": "Check yourself",
        "lesson": "Lesson",
    },
}


@dataclass(frozen=True)
class QuestionModel:
    id: str
    type: str  # single | truefalse | multiple
    difficulty: float
    right: tuple[str, ...]  # the truly right choice ids (single: one)
    keyed: tuple[str, ...]  # what the course's key says is right (differs when broken)
    choices: tuple[str, ...] = ("a", "b", "c", "d")
    mirrors: str = ""

    @property
    def broken(self) -> bool:
        return self.right != self.keyed

    def wrong_answers(self) -> list[str | list[str]]:
        """The answers a learner who does not know picks from, uniformly."""
        if self.type == "multiple":
            right = list(self.right)
            others = [c for c in self.choices if c not in self.right]
            found: list[str | list[str]] = [right[:-1], [*right[:-1], others[0]], [others[0]]]
            found.append([*right, others[-1]])
            return found
        return [c for c in self.choices if c not in self.right]

    def right_answer(self) -> str | list[str]:
        return list(self.right) if self.type == "multiple" else self.right[0]

    def as_block(self, lang: str) -> dict:
        """The question as our block stores it (latarnia_xblocks.olx)."""
        prompt = {"pl": "Pytanie", "en": "Question"}[lang]
        return {
            "id": self.id,
            "type": self.type,
            "weight": 1.0,
            "mirrors": self.mirrors,
            "prompt": f"<p>{prompt} {self.id}?</p>",
            "hint": "",
            "explanation": "",
            "choices": [
                {
                    "id": c,
                    "text": f"{prompt} {self.id}, {c}" if self.type != "truefalse" else "",
                    "correct": c in self.keyed,
                    "feedback": "",
                }
                for c in self.choices
            ],
            "items": [],
            "pairs": [],
        }


def _q(qid: str, b: float, mirrors: str = "", kind: str = "single", right="a", keyed=None):
    right = tuple(right) if isinstance(right, (list, tuple)) else (right,)
    keyed = right if keyed is None else (tuple(keyed) if isinstance(keyed, list) else (keyed,))
    choices = ("true", "false") if kind == "truefalse" else ("a", "b", "c", "d")
    return QuestionModel(qid, kind, b, right, keyed, choices, mirrors)


@dataclass(frozen=True)
class TrackModel:
    id: str
    titles: dict[str, str]
    gain: float  # logits
    pretest: tuple[QuestionModel, ...]
    final: tuple[QuestionModel, ...]
    share: float  # of the enrolled learners who follow this track


def default_tracks() -> tuple[TrackModel, ...]:
    """Two tracks; the final test of the first holds the planted broken question
    ``t1-fin-broken`` (right answer b, key says c)."""
    t1 = TrackModel(
        "t1",
        {"pl": "Nauczyciele", "en": "Teachers"},
        1.2,
        (
            _q("t1-pre-1", -0.5),
            _q("t1-pre-2", 0.0, right="b"),
            _q("t1-pre-3", 0.5, kind="truefalse", right="false"),
            _q("t1-pre-4", 1.0, kind="multiple", right=["a", "c"]),
            _q("t1-pre-5", 0.3, right="d"),
        ),
        (
            _q("t1-fin-1", -0.3, "t1-pre-1"),
            _q("t1-fin-1b", 0.2, "t1-pre-1", right="c"),
            _q("t1-fin-2", 0.1, "t1-pre-2", right="b"),
            _q("t1-fin-3", 0.6, "t1-pre-3", kind="truefalse", right="true"),
            _q("t1-fin-4", 0.9, "t1-pre-4", kind="multiple", right=["b", "d"]),
            _q("t1-fin-broken", -0.2, "t1-pre-5", right="b", keyed="c"),
        ),
        0.6,
    )
    t2 = TrackModel(
        "t2",
        {"pl": "Osoby szukające pracy", "en": "Job seekers"},
        0.8,
        (
            _q("t2-pre-1", 0.0),
            _q("t2-pre-2", -0.4, right="c"),
            _q("t2-pre-3", 0.7, kind="truefalse", right="true"),
            _q("t2-pre-4", 0.2, right="b"),
        ),
        (
            _q("t2-fin-1", 0.1, "t2-pre-1", right="d"),
            _q("t2-fin-2", -0.2, "t2-pre-2"),
            _q("t2-fin-3", 0.8, "t2-pre-3", kind="truefalse", right="false"),
            _q("t2-fin-4", 0.4, "t2-pre-4", right="c"),
        ),
        0.4,
    )
    return (t1, t2)


# -- the course (OLX, as `latarnia build` writes it) -----------------------------------------------


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, encoding="utf-8", xml_declaration=False, pretty_print=True)


def pretest_url(track: TrackModel) -> str:
    return f"{track.id}-pretest--test"


def final_url(track: TrackModel) -> str:
    return f"{track.id}-final--test"


def quiz_url(track: TrackModel) -> str:
    return f"{track.id}-lesson--check"


def write_course(folder: Path, tracks: tuple[TrackModel, ...], langs=("pl", "en")) -> Path:
    """The built course, ``folder/<lang>/course/``, as ``latarnia build`` would write it."""
    for lang in langs:
        words = WORDS[lang]
        root = folder / lang / "course"
        for sub in ("course", "chapter", "sequential"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        run = f"{RUN}-{lang}"
        (root / "course.xml").write_bytes(
            _xml(etree.Element("course", url_name=run, org=ORG, course=NUMBER))
        )
        course = etree.Element("course", display_name=words["course"], language=lang)
        for track in tracks:
            etree.SubElement(course, "chapter", url_name=track.id)
            chapter = etree.Element("chapter", display_name=track.titles[lang])
            lessons = [
                (f"{track.id}-pretest", "pretest", pretest_url(track), track.pretest),
                (f"{track.id}-lesson", "quiz", quiz_url(track), (_q(f"{track.id}-q", 0.0),)),
                (f"{track.id}-final", "final", final_url(track), track.final),
            ]
            for lesson_id, kind, url_name, questions in lessons:
                etree.SubElement(chapter, "sequential", url_name=lesson_id)
                title = words[kind] if kind != "quiz" else words["lesson"]
                sequential = etree.Element(
                    "sequential", display_name=title, graded="true", format=words[kind]
                )
                vertical = etree.SubElement(
                    sequential, "vertical", url_name=f"{lesson_id}--test", display_name=title
                )
                quiz = etree.SubElement(vertical, "latarnia_quiz", url_name=url_name)
                settings = {
                    "display_name": title if kind != "quiz" else words["check"],
                    "kind": kind,
                    "weight": 1.0,
                    "max_attempts": 1,
                    "shuffle": False,
                    "show_answer": "finished",
                    "allow_reset": False,
                }
                blocks.quiz_to_xml(quiz, settings, [q.as_block(lang) for q in questions])
                (root / "sequential" / f"{lesson_id}.xml").write_bytes(_xml(sequential))
            (root / "chapter" / f"{track.id}.xml").write_bytes(_xml(chapter))
        (root / "course" / f"{run}.xml").write_bytes(_xml(course))
    return folder


# -- learners ------------------------------------------------------------------------------------


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class Learner:
    run: str
    lang: str
    number: int
    ability: float
    track: int
    takes_pretest: bool
    takes_final: bool

    @property
    def username(self) -> str:
        return f"learner{self.number:06d}_{self.lang}"

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


@dataclass
class CohortModel:
    sizes: dict[str, int] = field(default_factory=lambda: {"pl": 600, "en": 250})
    tracks: tuple[TrackModel, ...] = field(default_factory=default_tracks)
    dropout: float = 0.15  # took the pre-test, left before the final test
    skip_pretest: float = 0.10  # went straight to the lessons
    inactive: float = 0.08  # enrolled, did nothing
    seed: int = 2026


def learners(model: CohortModel) -> list[Learner]:
    rng = np.random.default_rng(model.seed)
    shares = np.array([t.share for t in model.tracks])
    found = []
    number = 0
    for lang, size in model.sizes.items():
        for _i in range(size):
            number += 1
            inactive = rng.random() < model.inactive
            skip = rng.random() < model.skip_pretest
            drop = rng.random() < model.dropout
            found.append(
                Learner(
                    f"{RUN}-{lang}",
                    lang,
                    number,
                    float(rng.normal()),
                    int(rng.choice(len(shares), p=shares / shares.sum())),
                    not inactive and not skip,
                    not inactive and not drop,
                )
            )
    return found


def answer_of(q: QuestionModel, knows_p: float, rng: np.random.Generator):
    if rng.random() < knows_p:
        return q.right_answer()
    wrong = q.wrong_answers()
    return wrong[int(rng.integers(len(wrong)))]


def simulate(model: CohortModel):
    """{(learner number, url_name): {question id: answer}} for every test taken."""
    rng = np.random.default_rng(model.seed + 1)
    taken: dict[tuple[int, str], dict[str, object]] = {}
    people = learners(model)
    for person in people:
        track = model.tracks[person.track]
        if person.takes_pretest:
            taken[(person.number, pretest_url(track))] = {
                q.id: answer_of(q, float(sigmoid(person.ability - q.difficulty)), rng)
                for q in track.pretest
            }
        if person.takes_final:
            taken[(person.number, final_url(track))] = {
                q.id: answer_of(q, float(sigmoid(person.ability + track.gain - q.difficulty)), rng)
                for q in track.final
            }
        if person.takes_pretest and rng.random() < 0.5:  # most also do the lesson's quiz
            q = _q(f"{track.id}-q", 0.0)
            taken[(person.number, quiz_url(track))] = {
                q.id: answer_of(q, float(sigmoid(person.ability)), rng)
            }
    return people, taken


# -- the true gain -------------------------------------------------------------------------------


def expected_score(q: QuestionModel, knows_p: np.ndarray) -> np.ndarray:
    """E[score] of a learner who knows with probability ``knows_p``, scored with the key."""
    block = q.as_block("en")
    right = grading.score(block, q.right_answer())
    wrong = np.mean([grading.score(block, a) for a in q.wrong_answers()])
    return knows_p * right + (1 - knows_p) * wrong


def true_gain(track: TrackModel, samples: int = 400_000) -> tuple[float, float, float]:
    """(pre %, final %, final − pre in points) on the mirrored questions, over the model's
    population (θ ~ N(0, 1), integrated with a fixed sample)."""
    theta = np.random.default_rng(7).normal(size=samples)
    mirrored = {q.mirrors for q in track.final if q.mirrors}
    pre = [q for q in track.pretest if q.id in mirrored]
    final = [q for q in track.final if q.mirrors]
    pre_score = np.mean([expected_score(q, sigmoid(theta - q.difficulty)) for q in pre], axis=0)
    final_score = np.mean(
        [expected_score(q, sigmoid(theta + track.gain - q.difficulty)) for q in final], axis=0
    )
    return 100 * pre_score.mean(), 100 * final_score.mean(), 100 * (final_score - pre_score).mean()


# -- the CSVs --------------------------------------------------------------------------------------


def _csv(rows: list[list[object]]) -> bytes:
    """As openedx-platform writes a report: csv.writer's defaults (\\r\\n), UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _questions_of(model: CohortModel, track: TrackModel, url_name: str):
    if url_name == pretest_url(track):
        return "pretest", track.pretest
    if url_name == final_url(track):
        return "final", track.final
    return "quiz", (_q(f"{track.id}-q", 0.0),)


def grade_report(model: CohortModel, people, taken, lang: str) -> bytes:
    words = WORDS[lang]
    columns = []  # Open edX groups the columns by assignment type, in order of first use
    for kind in ("pretest", "quiz", "final"):
        for n, track in enumerate(model.tracks, 1):
            url = {"pretest": pretest_url, "quiz": quiz_url, "final": final_url}[kind](track)
            subsection = words[kind] if kind != "quiz" else words["lesson"]
            block = words[kind] if kind != "quiz" else words["check"]
            columns.append((f"{words[kind]} {n}: {subsection} - {block}", url, track))
    header = list(GRADE_HEADER)
    for name, _url, _track in columns:
        header += [f"{name} (Earned)", f"{name} (Possible)"]
    rows: list[list[object]] = [header]
    for person in people:
        if person.lang != lang:
            continue
        cells: list[object] = []
        total = 0.0
        for _name, url, track in columns:
            kind, questions = _questions_of(model, track, url)
            answers = taken.get((person.number, url))
            possible = float(len(questions))
            if answers is None:
                cells += ["Not Attempted", possible]
                continue
            earned = sum(grading.score(q.as_block(lang), answers[q.id]) for q in questions)
            cells += [float(round(earned, 4)), possible]
            if kind == "final":
                total += earned / possible
        rows.append(
            [
                person.number,
                person.email,
                person.username,
                "enrolled",
                round(total / len(model.tracks), 2),
                *cells,
            ]
        )
    return _csv(rows)


def responses_report(model: CohortModel, people, taken, lang: str) -> bytes:
    words = WORDS[lang]
    run = f"{RUN}-{lang}"
    rows: list[list[object]] = [RESPONSE_HEADER]
    by_number = {p.number: p for p in people if p.lang == lang}
    for track in model.tracks:
        for url in (pretest_url(track), quiz_url(track), final_url(track)):
            kind, questions = _questions_of(model, track, url)
            title = words[kind] if kind != "quiz" else words["check"]
            subsection = words[kind] if kind != "quiz" else words["lesson"]
            location = " > ".join(
                [words["course"], track.titles[lang], subsection, subsection, title]
            )
            key = f"block-v1:{ORG}+{NUMBER}+{run}+type@latarnia_quiz+block@{url}"
            for number, person in by_number.items():
                answers = taken.get((number, url))
                if answers is None:
                    if number % 23 == 0:  # opened the quiz, answered nothing: an empty row
                        rows.append([person.username, title, location, *[""] * 10, key, "{}"])
                    continue
                state = {"answers": answers, "attempts": 1}
                for q in questions:
                    block = q.as_block(lang)
                    answer = answers[q.id]
                    fraction = grading.score(block, answer)
                    texts = {c["id"]: c["text"] or c["id"] for c in block["choices"]}
                    chosen = answer if isinstance(answer, list) else [answer]
                    values = {
                        "Question ID": q.id,
                        "Question": f"{'Pytanie' if lang == 'pl' else 'Question'} {q.id}?",
                        "Answer": "; ".join(texts[c] for c in chosen),
                        "Answer ID": ",".join(answer) if isinstance(answer, list) else answer,
                        "Correct": grading.status(fraction),
                        "Score": round(fraction * 1.0, 4),
                        "Max score": 1.0,
                        "Mirrors": q.mirrors,
                        "Kind": kind,
                        "Attempts": 1,
                    }
                    rows.append(
                        [
                            person.username,
                            title,
                            location,
                            *[values[k] for k in RESPONSE_KEYS],
                            key,
                            json.dumps(state),
                        ]
                    )
    return _csv(rows)


@dataclass
class Written:
    course: Path
    grades: list[Path]
    responses: list[Path]
    people: list[Learner]
    taken: dict


def write_cohort(folder: Path, model: CohortModel | None = None) -> Written:
    """Course, grade reports and responses reports of ``model`` under ``folder``."""
    model = model or CohortModel()
    people, taken = simulate(model)
    course = write_course(folder / "course", model.tracks, tuple(model.sizes))
    grades, responses = [], []
    for lang in model.sizes:
        prefix = f"{ORG}_{NUMBER}_{RUN}-{lang}"
        path = folder / f"{prefix}_problem_grade_report_2027-01-15-1200.csv"
        path.write_bytes(grade_report(model, people, taken, lang))
        grades.append(path)
        path = folder / f"{prefix}_student_state_from_block-v1_{lang}_2027-01-15-1201.csv"
        path.write_bytes(responses_report(model, people, taken, lang))
        responses.append(path)
    return Written(course, grades, responses, people, taken)
