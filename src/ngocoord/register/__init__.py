"""The NGO roster's rules, registrations, and returns with their versions."""
