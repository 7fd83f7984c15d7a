"""Tools for developing Latarnia, kept out of the installed package: the workbench examples of the
blocks (``examples``) and the gettext catalogue tool (``i18n``, what ``make translations`` runs).
Importable from the repository's root (the tests, the benchmarks, the workbench the tests start).
"""
