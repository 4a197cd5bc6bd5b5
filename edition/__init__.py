"""A static-site generator for a digital edition of Vietnamese reports on Party organisation work.

The stages, in the order data flows: raw -> clean -> extract -> content -> site (+ search, serve).
"""
