"""The headless domain core: the models and the pure rules, each once.

Imports neither storage, textual, python-docx nor sqlite-utils.
"""
