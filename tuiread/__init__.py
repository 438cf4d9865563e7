"""tuiread: a keyboard-driven terminal reading workstation for news."""

__version__ = "0.1.0"
