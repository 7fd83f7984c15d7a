"""The source format: the spec machinery (``spec``) and the course format declared with it
(``course``). Import from here; the two modules say which is which."""

from latarnia_builder.format.course import (
    COURSE_TEXT,
    FILES,
    LANG_PATTERN,
    LESSON,
    QUESTION_TYPES,
    SETTINGS,
    SHOW_ANSWER,
    TYPE_KEYS,
    all_keys,
    json_schema,
)
from latarnia_builder.format.spec import (
    ID_PATTERN,
    INVALID,
    Checker,
    Field,
    Invalid,
    Obj,
    Record,
    Spec,
    describe,
)

__all__ = [
    "COURSE_TEXT",
    "FILES",
    "ID_PATTERN",
    "INVALID",
    "LANG_PATTERN",
    "LESSON",
    "QUESTION_TYPES",
    "SETTINGS",
    "SHOW_ANSWER",
    "TYPE_KEYS",
    "Checker",
    "Field",
    "Invalid",
    "Obj",
    "Record",
    "Spec",
    "all_keys",
    "describe",
    "json_schema",
]
