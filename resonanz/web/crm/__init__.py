"""The brand's CRM data in the store: customers, products, orders, reviews, referrals."""
