"""The checks that span several keys, files or languages; each returns Problems.

``lesson``     one file: ids that must differ, question types' keys, answers, scenario graph
``markdown``   one Markdown text: its images, links, callouts, character references
``course``     one language's files together (errors), and course warnings
``languages``  every language against the primary one
``items``      item quality: warnings on quizzes that cannot measure what learners know

The structural checks (types of values, unknown and missing keys) are ``builder.format``'s.
"""
