"""Follower quality: per-follower features, the fake-account model's format, the component."""
