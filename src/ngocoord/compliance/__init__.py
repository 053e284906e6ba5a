"""Who has and has not submitted: check, history, summary, reminders."""
