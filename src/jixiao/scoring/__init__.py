"""Scoring: policies, judging actuals against targets, scoring whole tables."""
