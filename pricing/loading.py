"""Section loader for the pricing part of an agreement file (filled in by the pricing issue)."""


def read(root):
    return None


def load(plan, context):
    return None
