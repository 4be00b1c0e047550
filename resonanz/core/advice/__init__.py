"""Advice from the seeds, refined by data: which platform suits a brief, and when to post.

- :func:`advise_platforms`: seed 002's platform rules (Instagram for Millennials/Gen X and
  lifestyle/beauty/fashion with polished visuals; TikTok for Gen Z 16–24, viral authentic content,
  small budgets and social commerce) scored against a brief, with the reasons.
- :func:`posting_times`: the best posting windows per account, learned from its own posts'
  engagement with the seed's windows as a prior (empirical-Bayes shrinkage).

The numbers live in ``[advice]`` of defaults.toml; the method is in docs/advice.md.
"""

from resonanz.core.advice.platforms import PlatformAdvice, PlatformScore, advise_platforms
from resonanz.core.advice.settings import AdviceSettings, builtin_advice
from resonanz.core.advice.timing import PostingWindow, posting_times, windows

__all__ = [
    "AdviceSettings",
    "PlatformAdvice",
    "PlatformScore",
    "PostingWindow",
    "advise_platforms",
    "builtin_advice",
    "posting_times",
    "windows",
]
