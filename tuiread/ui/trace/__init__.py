"""The trace view: one sentence's counterpart in every other article."""
