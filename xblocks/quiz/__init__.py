"""``latarnia_quiz``: questions of every type of the source format, graded on the server.

The block class (``block.py``) composes the quiz's parts, one job a module: ``fields.py``,
``rules.py``, ``views.py``, ``handlers.py``, ``reports.py``. ``QuizBlock`` is importable from
here, the path of the ``xblock.v1`` entry point.
"""

from latarnia_xblocks.quiz.block import QuizBlock

__all__ = ["QuizBlock"]
