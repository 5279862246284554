"""contests: built in a later issue; the app is installed so its place is fixed."""
