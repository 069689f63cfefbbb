"""Writes of the sms app: numbers and opt-ins (phones), the text outbox (outbox), hearing texts and
reminders (hearings), texts received and delivery reports (inbound)."""
