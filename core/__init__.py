"""What every app shares and no app owns. Knows no app: apps register with it."""
