"""Consumer influencers: advocate scores, segments and the referral programme (seed 003)."""
