"""Small pieces every app may use, below all of them: it imports no first-party app."""
