"""The OLX of the Latarnia blocks: field values <-> XML elements.

This module is the one place that knows the XML shape of each block. The blocks use it in
``parse_xml`` / ``add_xml_to_node`` (Studio import and export); the builder uses it to write
the same elements from the course model. Author text is HTML, stored escaped as element text.

Field values are plain dicts and lists (what the blocks keep in their List fields):

quiz      questions: [{id, type, weight, mirrors, prompt, hint, explanation,
                       choices: [{id, text, correct, feedback}],   # single, multiple, truefalse
                       items:   [{id, text}],                      # ordering, in the correct order
                       pairs:   [{id, text, match}]}]              # matching: text <-> match
scenario  intro, start, steps: [{id, text, choices: [{id, text, next, safe, feedback}]}],
          endings: [{id, title, text}]
lesson    content, contacts_title, contacts: [{id, name, phone, hours, checked, url, note}]
"""

from __future__ import annotations

from typing import Any

from lxml import etree

QUESTION_TYPES = ("single", "multiple", "truefalse", "ordering", "matching")
# after each submit / when right or out of attempts / never
SHOW_ANSWER = ("always", "finished", "never")
QUIZ_KINDS = ("quiz", "pretest", "final")

# Scalar settings kept as attributes of the block element: name -> (type, default).
QUIZ_SETTINGS: dict[str, tuple[type, Any]] = {
    "display_name": (str, ""),
    "kind": (str, "quiz"),
    "weight": (float, 1.0),
    "max_attempts": (int, 0),  # 0: unlimited
    "shuffle": (bool, False),
    "show_answer": (str, "finished"),
    "allow_reset": (bool, False),
}
SCENARIO_SETTINGS: dict[str, tuple[type, Any]] = {
    "display_name": (str, ""),
    "start": (str, ""),
    "scored": (bool, False),
    "weight": (float, 1.0),
}
LESSON_SETTINGS: dict[str, tuple[type, Any]] = {
    "display_name": (str, ""),
    "contacts_title": (str, ""),
}
CONTACT_ATTRS = ("id", "name", "phone", "hours", "checked", "url")


# -- scalars ---------------------------------------------------------------------------------


def _to_attr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _from_attr(raw: str | None, kind: type, default: Any) -> Any:
    if raw is None:
        return default
    if kind is bool:
        return raw.strip().lower() in ("true", "1", "yes")
    try:
        return kind(raw)
    except ValueError:
        return default


def _set_attrs(node: etree._Element, values: dict[str, Any], spec: dict[str, tuple[type, Any]]):
    for name in spec:
        if name in values and values[name] is not None:
            node.set(name, _to_attr(values[name]))


def _get_attrs(node: etree._Element, spec: dict[str, tuple[type, Any]]) -> dict[str, Any]:
    return {
        name: _from_attr(node.get(name), kind, default) for name, (kind, default) in spec.items()
    }


def _text_child(parent: etree._Element, tag: str, html: str) -> None:
    if html:
        etree.SubElement(parent, tag).text = html


def _child_text(node: etree._Element, tag: str) -> str:
    child = node.find(tag)
    return (child.text or "") if child is not None else ""


# -- quiz ------------------------------------------------------------------------------------


def quiz_to_xml(node: etree._Element, settings: dict[str, Any], questions: list[dict]) -> None:
    """Write a quiz's settings and questions into ``node`` (a ``latarnia_quiz`` element)."""
    _set_attrs(node, settings, QUIZ_SETTINGS)
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


def quiz_from_xml(node: etree._Element) -> tuple[dict[str, Any], list[dict]]:
    """Read (settings, questions) from a ``latarnia_quiz`` element."""
    questions = []
    for q in node.findall("question"):
        questions.append(
            {
                "id": q.get("id", ""),
                "type": q.get("type", "single"),
                "weight": _from_attr(q.get("weight"), float, 1.0),
                "mirrors": q.get("mirrors", ""),
                "prompt": _child_text(q, "prompt"),
                "hint": _child_text(q, "hint"),
                "explanation": _child_text(q, "explanation"),
                "choices": [
                    {
                        "id": c.get("id", ""),
                        "text": _child_text(c, "text"),
                        "correct": _from_attr(c.get("correct"), bool, False),
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
    return _get_attrs(node, QUIZ_SETTINGS), questions


# -- scenario --------------------------------------------------------------------------------


def scenario_to_xml(
    node: etree._Element,
    settings: dict[str, Any],
    intro: str,
    steps: list[dict],
    endings: list[dict],
) -> None:
    """Write a scenario into ``node`` (a ``latarnia_scenario`` element)."""
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
    """Read (settings, intro, steps, endings) from a ``latarnia_scenario`` element."""
    steps = [
        {
            "id": s.get("id", ""),
            "text": _child_text(s, "text"),
            "choices": [
                {
                    "id": c.get("id", ""),
                    "text": _child_text(c, "text"),
                    "next": c.get("next", ""),
                    "safe": _from_attr(c.get("safe"), bool, False),
                    "feedback": _child_text(c, "feedback"),
                }
                for c in s.findall("choice")
            ],
        }
        for s in node.findall("step")
    ]
    endings = [
        {"id": e.get("id", ""), "title": e.get("title", ""), "text": _child_text(e, "text")}
        for e in node.findall("ending")
    ]
    return _get_attrs(node, SCENARIO_SETTINGS), _child_text(node, "intro"), steps, endings


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
    contacts = []
    for c in node.findall("contact"):
        contact = {attr: c.get(attr, "") for attr in CONTACT_ATTRS}
        contact["note"] = c.text or ""
        contacts.append(contact)
    return _get_attrs(node, LESSON_SETTINGS), _child_text(node, "content"), contacts
