"""Section loader for the releases part of an agreement file (filled in by the releases issue)."""


def read(root):
    return None


def load(plan, context):
    return None
