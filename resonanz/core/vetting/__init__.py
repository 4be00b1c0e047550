"""Vetting: is this creator real, and right for us? One explainable component per question."""
