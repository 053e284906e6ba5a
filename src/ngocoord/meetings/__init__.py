"""Meetings, decisions and their follow-up, attendance, the meeting document, minutes."""
