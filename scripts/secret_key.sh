#!/bin/sh
# Print a fresh SECRET_KEY: 64 characters from the URL-safe alphabet, no shell-special ones.
# Django's deploy check wants >= 50 characters and >= 5 distinct ones (security.W009).
LC_ALL=C tr -dc 'A-Za-z0-9_-' </dev/urandom | head -c 64
echo
