"""Certifications coming in (certification system, CSV, staff) and running out (reminders, level warnings)."""
