"""Text-message hearing reminders (docs/adr/0105). `sms.outbox` is the locmem backend's list in tests."""
