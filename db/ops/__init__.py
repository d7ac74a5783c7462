"""Mutations: each runs inside the caller's transaction and returns what it changed."""
