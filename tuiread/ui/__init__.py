"""The Textual front end: app, screens, widgets, command palette."""
