"""Marks English message templates for extraction by Babel (keyword N_); the web layer translates them."""


def N_(message: str) -> str:
    return message
