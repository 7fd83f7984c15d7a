"""Tutor plugin for Latarnia (see plugin.py)."""
