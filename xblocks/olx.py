"""The OLX of the Latarnia blocks: field values <-> XML elements.

This module is the one place that knows the XML shape of each block. The blocks use it in
``parse_xml`` / ``add_xml_to_node`` (Studio import and export); the builder uses it to write
the same elements from the course model. Author text is HTML, stored escaped as element text.

Field values are plain dicts and lists (what the blocks keep in their List fields):

quiz      questions: [{id, type, weight, mirrors, prompt, hint, explanation,
                       choices: [{id, text, correct, feedback}],   # single, multiple, truefalse
                       items:   [{id, text}],                      # ordering, in the correct order
                       pairs:   [{id, text, match}]}]              # matching: text <-> match
scenario  intro, first_step, steps: [{id, text, choices: [{id, text, next, safe, feedback}]}],
          endings: [{id, title, text}]
lesson    content, contacts_title, contacts: [{id, name, phone, hours, checked, url, note}]
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

# The allowed values are the vocabulary's (the builder reads QUIZ_KINDS from here too).
from latarnia_xblocks.vocabulary import (
    LESSON_PAGE_TAG,
    QUESTION_ENTRIES,
    QUESTION_TYPES,
    QUIZ_KINDS,
    QUIZ_TAG,
    SCENARIO_TAG,
    SHOW_ANSWER,
)
from lxml import etree

# Scalar settings kept as attributes of the block element: name -> (type, default).
QUIZ_SETTINGS: dict[str, tuple[type, Any]] = {
    "display_name": (str, ""),
    "kind": (str, "quiz"),
    "weight": (float, 1.0),
    "max_attempts": (int, 0),  # 0: unlimited
    "shuffle": (bool, True),
    "show_answer": (str, "finished"),
    "allow_reset": (bool, False),
}
SCENARIO_SETTINGS: dict[str, tuple[type, Any]] = {
    "display_name": (str, ""),
    "first_step": (str, ""),
    "scored": (bool, False),
    "weight": (float, 1.0),
}
LESSON_SETTINGS: dict[str, tuple[type, Any]] = {
    "display_name": (str, ""),
    "contacts_title": (str, ""),
}
CONTACT_ATTRS = ("id", "name", "phone", "hours", "checked", "url")


# -- scalars ---------------------------------------------------------------------------------


class OlxError(ValueError):
    """OLX our blocks refuse: Studio shows the message at import; the builder never writes it."""

    def __init__(self, tag: str, where: str, problems: list[str]):
        self.problems = problems
        name = f'{tag} "{where}"' if where else tag
        super().__init__(f"{name}: " + "; ".join(problems))


def _to_attr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _from_attr(name: str, raw: str | None, kind: type, default: Any, problems: list[str]) -> Any:
    """``raw`` as ``kind``; a value that is not one adds a problem naming the attribute."""
    if raw is None:
        return default
    text = raw.strip()
    if kind is bool:
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        problems.append(f'{name}="{raw}" must be true or false')
        return default
    if kind is int:
        if text.isdigit():
            return int(text)
        problems.append(f'{name}="{raw}" must be a whole number 0 or greater')
        return default
    if kind is float:
        try:
            number = float(text)
        except ValueError:
            number = -1.0
        if math.isfinite(number) and number >= 0:
            return number
        problems.append(f'{name}="{raw}" must be a number 0 or greater')
        return default
    return raw


def _set_attrs(node: etree._Element, values: dict[str, Any], spec: dict[str, tuple[type, Any]]):
    for name in spec:
        if name in values and values[name] is not None:
            node.set(name, _to_attr(values[name]))


def _get_attrs(
    node: etree._Element, spec: dict[str, tuple[type, Any]], problems: list[str]
) -> dict[str, Any]:
    return {
        name: _from_attr(name, node.get(name), kind, default, problems)
        for name, (kind, default) in spec.items()
    }


def _one_of(name: str, value: Any, allowed: tuple[str, ...], problems: list[str]) -> None:
    if value not in allowed:
        problems.append(f'{name}="{value}" must be one of {", ".join(allowed)}')


def _text_child(parent: etree._Element, tag: str, html: str) -> None:
    if html:
        etree.SubElement(parent, tag).text = html


def _child_text(node: etree._Element, tag: str) -> str:
    child = node.find(tag)
    return (child.text or "") if child is not None else ""


def _weight(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and (math.isfinite(value) and value >= 0)
    )


def _duplicates(ids: list[str]) -> list[str]:
    if len(set(ids)) == len(ids):  # (the usual case, without counting)
        return []
    return sorted(i for i, count in Counter(ids).items() if count > 1)


# -- quiz ------------------------------------------------------------------------------------


def check_quiz(settings: dict[str, Any], questions: list[dict]) -> list[str]:
    """What makes a quiz unusable: each problem as a sentence naming the attribute and value."""
    problems: list[str] = []
    _one_of("kind", settings.get("kind", "quiz"), QUIZ_KINDS, problems)
    _one_of("show_answer", settings.get("show_answer", "finished"), SHOW_ANSWER, problems)
    if not _weight(settings.get("weight", 1.0)):
        problems.append(f'weight="{settings.get("weight")}" must be a number 0 or greater')
    if not questions:
        problems.append("a quiz needs at least one <question>")
    for qid in _duplicates([q.get("id", "") for q in questions]):
        problems.append(f'two questions have id="{qid}"')
    for question in questions:
        qid = question.get("id", "")
        where = f'question id="{qid}"'
        if not qid:
            problems.append("a <question> has no id")
        kind = question.get("type")
        if kind not in QUESTION_TYPES:
            problems.append(f'{where}: type="{kind}" must be one of {", ".join(QUESTION_TYPES)}')
            continue
        if not _weight(question.get("weight", 1.0)):
            problems.append(f'{where}: weight="{question.get("weight")}" must be 0 or greater')
        choices = question.get("choices", [])
        correct = [c for c in choices if c.get("correct")]
        entries = QUESTION_ENTRIES[kind]
        ids = [entry.get("id", "") for entry in question.get(entries, [])]
        if "" in ids:
            problems.append(f"{where}: every <{entries[:-1]}> needs an id")
        for duplicate in _duplicates(ids):
            problems.append(f'{where}: two <{entries[:-1]}> have id="{duplicate}"')
        if kind == "single" and (len(choices) < 2 or len(correct) != 1):
            problems.append(f"{where}: a single-choice question needs 2 or more choices, 1 correct")
        elif kind == "multiple" and (len(choices) < 2 or not correct):
            problems.append(f"{where}: a multiple-choice question needs 2 or more choices, 1 or "
                            "more correct")  # fmt: skip
        elif kind == "truefalse" and (sorted(ids) != ["false", "true"] or len(correct) != 1):
            problems.append(f'{where}: a true/false question needs choices id="true" and '
                            'id="false", one of them correct')  # fmt: skip
        elif kind in ("ordering", "matching") and len(ids) < 2:
            problems.append(f"{where}: needs 2 or more <{entries[:-1]}>")
    return problems


def quiz_to_xml(node: etree._Element, settings: dict[str, Any], questions: list[dict]) -> None:
    """Write a quiz's settings and questions into ``node`` (a ``latarnia_quiz`` element)."""
    problems = check_quiz(settings, questions)
    if problems:
        raise OlxError(QUIZ_TAG, node.get("url_name", ""), problems)
    _set_attrs(node, settings, QUIZ_SETTINGS)
    parsed = _questions_parsed(questions)
    if parsed is not None:
        node.extend(parsed)
        return
    for question in questions:
        q = etree.SubElement(node, "question", id=question["id"], type=question["type"])
        q.set("weight", _to_attr(question.get("weight", 1.0)))
        if question.get("mirrors"):
            q.set("mirrors", question["mirrors"])
        _text_child(q, "prompt", question.get("prompt", ""))
        for choice in question.get("choices", []):
            c = etree.SubElement(q, "choice", id=choice["id"])
            c.set("correct", _to_attr(bool(choice.get("correct"))))
            _text_child(c, "text", choice.get("text", ""))
            _text_child(c, "feedback", choice.get("feedback", ""))
        for item in question.get("items", []):
            i = etree.SubElement(q, "item", id=item["id"])
            _text_child(i, "text", item.get("text", ""))
        for pair in question.get("pairs", []):
            p = etree.SubElement(q, "pair", id=pair["id"])
            _text_child(p, "text", pair.get("text", ""))
            _text_child(p, "match", pair.get("match", ""))
        _text_child(q, "hint", question.get("hint", ""))
        _text_child(q, "explanation", question.get("explanation", ""))


class _NotText(Exception):
    """A value the XML text of ``_questions_parsed`` cannot hold as it is."""


def _text(value: Any) -> str:
    if type(value) is not str:
        raise _NotText
    if "]]>" in value or "\r" in value:  # (the parser would read a return as a newline)
        return (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\r", "&#13;")
        )
    return f"<![CDATA[{value}]]>"  # read as text: the same element, with nothing to escape


def _attr(value: Any) -> str:
    if type(value) is not str:
        raise _NotText
    for character, reference in _ATTR_REFERENCES:
        if character in value:
            value = value.replace(character, reference)
    return value


_ATTR_REFERENCES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    ('"', "&quot;"),
    ("\n", "&#10;"),  # (the parser would read a raw newline, tab or return as a space)
    ("\r", "&#13;"),
    ("\t", "&#9;"),
)
_PARSER = etree.XMLParser()


def _questions_parsed(questions: list[dict]) -> etree._Element | None:
    """The <question> elements ``quiz_to_xml`` writes, made from their XML text in one parse:
    the same elements as built one by one, in a third less time (a large course has
    ~10^5 of them). None when a value is not text or the parser refuses it: the caller
    then builds them one by one, and lxml reports what is wrong."""
    parts = ["<questions>"]
    add = parts.append
    try:
        for question in questions:
            add(
                f'<question id="{_attr(question["id"])}" type="{_attr(question["type"])}" '
                f'weight="{_attr(_to_attr(question.get("weight", 1.0)))}"'
            )
            if question.get("mirrors"):
                add(f' mirrors="{_attr(question["mirrors"])}"')
            add(">")
            if text := question.get("prompt", ""):
                add(f"<prompt>{_text(text)}</prompt>")
            for choice in question.get("choices", []):
                correct = "true" if choice.get("correct") else "false"
                add(f'<choice id="{_attr(choice["id"])}" correct="{correct}">')
                if text := choice.get("text", ""):
                    add(f"<text>{_text(text)}</text>")
                if text := choice.get("feedback", ""):
                    add(f"<feedback>{_text(text)}</feedback>")
                add("</choice>")
            for item in question.get("items", []):
                add(f'<item id="{_attr(item["id"])}">')
                if text := item.get("text", ""):
                    add(f"<text>{_text(text)}</text>")
                add("</item>")
            for pair in question.get("pairs", []):
                add(f'<pair id="{_attr(pair["id"])}">')
                if text := pair.get("text", ""):
                    add(f"<text>{_text(text)}</text>")
                if text := pair.get("match", ""):
                    add(f"<match>{_text(text)}</match>")
                add("</pair>")
            if text := question.get("hint", ""):
                add(f"<hint>{_text(text)}</hint>")
            if text := question.get("explanation", ""):
                add(f"<explanation>{_text(text)}</explanation>")
            add("</question>")
        add("</questions>")
        return etree.fromstring("".join(parts), _PARSER)
    except (_NotText, ValueError, etree.XMLSyntaxError):
        return None


def quiz_from_xml(node: etree._Element) -> tuple[dict[str, Any], list[dict]]:
    """Read (settings, questions) from a ``latarnia_quiz`` element; ``OlxError`` when unusable."""
    problems: list[str] = []
    settings = _get_attrs(node, QUIZ_SETTINGS, problems)
    questions = []
    for q in node.findall("question"):
        where = f'question id="{q.get("id", "")}"'
        questions.append(
            {
                "id": q.get("id", ""),
                "type": q.get("type", "single"),
                "weight": _from_attr(f"{where}: weight", q.get("weight"), float, 1.0, problems),
                "mirrors": q.get("mirrors", ""),
                "prompt": _child_text(q, "prompt"),
                "hint": _child_text(q, "hint"),
                "explanation": _child_text(q, "explanation"),
                "choices": [
                    {
                        "id": c.get("id", ""),
                        "text": _child_text(c, "text"),
                        "correct": _from_attr(
                            f'{where}: choice id="{c.get("id", "")}" correct',
                            c.get("correct"),
                            bool,
                            False,
                            problems,
                        ),
                        "feedback": _child_text(c, "feedback"),
                    }
                    for c in q.findall("choice")
                ],
                "items": [
                    {"id": i.get("id", ""), "text": _child_text(i, "text")}
                    for i in q.findall("item")
                ],
                "pairs": [
                    {
                        "id": p.get("id", ""),
                        "text": _child_text(p, "text"),
                        "match": _child_text(p, "match"),
                    }
                    for p in q.findall("pair")
                ],
            }
        )
    problems += check_quiz(settings, questions)
    if problems:
        raise OlxError(QUIZ_TAG, node.get("url_name", ""), problems)
    return settings, questions


# -- scenario --------------------------------------------------------------------------------


def check_scenario(settings: dict[str, Any], steps: list[dict], endings: list[dict]) -> list[str]:
    """What makes a scenario unusable: a choice leading nowhere, a missing first step …"""
    problems: list[str] = []
    if not _weight(settings.get("weight", 1.0)):
        problems.append(f'weight="{settings.get("weight")}" must be a number 0 or greater')
    if not steps:
        problems.append("a scenario needs at least one <step>")
    if not endings:
        problems.append("a scenario needs at least one <ending>")
    step_ids = [step.get("id", "") for step in steps]
    targets = set(step_ids) | {ending.get("id", "") for ending in endings}
    for duplicate in _duplicates(step_ids + [ending.get("id", "") for ending in endings]):
        problems.append(f'two steps or endings have id="{duplicate}"')
    first = settings.get("first_step", "")
    if first and first not in step_ids:
        problems.append(f'first_step="{first}" names no <step>')
    for step in steps:
        if not step.get("choices"):
            problems.append(f'step id="{step.get("id", "")}" has no <choice>')
        for choice in step.get("choices", []):
            if choice.get("next", "") not in targets:
                problems.append(
                    f'step id="{step.get("id", "")}" choice id="{choice.get("id", "")}": '
                    f'next="{choice.get("next", "")}" names no step or ending'
                )
    return problems


def scenario_to_xml(
    node: etree._Element,
    settings: dict[str, Any],
    intro: str,
    steps: list[dict],
    endings: list[dict],
) -> None:
    """Write a scenario into ``node`` (a ``latarnia_scenario`` element)."""
    problems = check_scenario(settings, steps, endings)
    if problems:
        raise OlxError(SCENARIO_TAG, node.get("url_name", ""), problems)
    _set_attrs(node, settings, SCENARIO_SETTINGS)
    _text_child(node, "intro", intro)
    for step in steps:
        s = etree.SubElement(node, "step", id=step["id"])
        _text_child(s, "text", step.get("text", ""))
        for choice in step.get("choices", []):
            c = etree.SubElement(s, "choice", id=choice["id"], next=choice["next"])
            c.set("safe", _to_attr(bool(choice.get("safe"))))
            _text_child(c, "text", choice.get("text", ""))
            _text_child(c, "feedback", choice.get("feedback", ""))
    for ending in endings:
        e = etree.SubElement(node, "ending", id=ending["id"])
        if ending.get("title"):
            e.set("title", ending["title"])
        _text_child(e, "text", ending.get("text", ""))


def scenario_from_xml(node: etree._Element) -> tuple[dict[str, Any], str, list[dict], list[dict]]:
    """Read (settings, intro, steps, endings) from a ``latarnia_scenario`` element.

    OLX written by Latarnia 0.1 named the first step ``start``, which Open edX reads as the
    block's start date: such a value is read as ``first_step`` when no ``first_step`` is given.
    """
    problems: list[str] = []
    settings = _get_attrs(node, SCENARIO_SETTINGS, problems)
    legacy = legacy_first_step(node)
    if legacy and node.get("first_step") is None:
        settings["first_step"] = legacy
    steps = []
    for s in node.findall("step"):
        choices = []
        for c in s.findall("choice"):
            where = f'step id="{s.get("id", "")}" choice id="{c.get("id", "")}" safe'
            choices.append(
                {
                    "id": c.get("id", ""),
                    "text": _child_text(c, "text"),
                    "next": c.get("next", ""),
                    "safe": _from_attr(where, c.get("safe"), bool, False, problems),
                    "feedback": _child_text(c, "feedback"),
                }
            )
        steps.append({"id": s.get("id", ""), "text": _child_text(s, "text"), "choices": choices})
    endings = [
        {"id": e.get("id", ""), "title": e.get("title", ""), "text": _child_text(e, "text")}
        for e in node.findall("ending")
    ]
    problems += check_scenario(settings, steps, endings)
    if problems:
        raise OlxError(SCENARIO_TAG, node.get("url_name", ""), problems)
    return settings, _child_text(node, "intro"), steps, endings


def legacy_first_step(node: etree._Element) -> str:
    """The first step of 0.1 OLX (``start="<step id>"``): ``start`` when it is not a date."""
    raw = node.get("start", "")
    return raw if raw and not raw[:1].isdigit() else ""


# -- lesson ----------------------------------------------------------------------------------


def lesson_to_xml(
    node: etree._Element, settings: dict[str, Any], content: str, contacts: list[dict]
) -> None:
    """Write a lesson page into ``node`` (a ``latarnia_lesson`` element)."""
    _set_attrs(node, settings, LESSON_SETTINGS)
    _text_child(node, "content", content)
    for contact in contacts:
        c = etree.SubElement(node, "contact")
        for attr in CONTACT_ATTRS:
            if contact.get(attr):
                c.set(attr, contact[attr])
        if contact.get("note"):
            c.text = contact["note"]


def lesson_from_xml(node: etree._Element) -> tuple[dict[str, Any], str, list[dict]]:
    """Read (settings, content, contacts) from a ``latarnia_lesson`` element."""
    problems: list[str] = []
    settings = _get_attrs(node, LESSON_SETTINGS, problems)
    contacts = []
    for c in node.findall("contact"):
        contact = {attr: c.get(attr, "") for attr in CONTACT_ATTRS}
        contact["note"] = c.text or ""
        contacts.append(contact)
    if problems:
        raise OlxError(LESSON_PAGE_TAG, node.get("url_name", ""), problems)
    return settings, _child_text(node, "content"), contacts
