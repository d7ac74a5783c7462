"""Reviewing colleagues' layers: alignment, agreement figures and exchange bundles.

Qt-free; the review window reads these plain dataclasses. See docs/review.md.
"""
