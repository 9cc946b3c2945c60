"""What the public pages share."""


def nummer_schluessel(nummer):
    """Sort key for concept numbers: ``5.10`` comes after ``5.9``, ``5.2`` after ``5.1``."""
    return tuple(int(teil) if teil.isdigit() else 0 for teil in nummer.split("."))
