"""CRM part of the data contract: the brand's customers, products, orders, reviews, referrals.

These tables feed the consumer-influencer analysis (seed 003: find advocates among the brand's
customers). Like :mod:`resonanz.core.contracts`, each table is a frozen pydantic model of one row;
the importers validate against the same rules. Customers are pseudonymous: no names, no plain
e-mail addresses — only hashes where a fraud check needs to compare them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

_Count = Annotated[int, Field(ge=0)]
_Id = Annotated[str, Field(min_length=1, max_length=200)]
_Hash = Annotated[str, Field(max_length=200)]


class _CrmRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Customer(_CrmRow):
    """One customer of the brand, under a pseudonymous id."""

    customer_id: _Id = Field(description="Your pseudonymous customer id (no name, no e-mail).")
    postal_code: str | None = Field(None, max_length=10, description="Postal code, e.g. '80331'.")
    city: str | None = Field(None, max_length=200, description="City, e.g. 'München'.")
    country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2 code.")
    signup_date: date | None = Field(None, description="When the customer account was opened.")
    consent_marketing: bool | None = Field(
        None, description="May be contacted for marketing (e.g. the advocate programme)."
    )
    consent_profiling: bool | None = Field(
        None,
        description="May be analysed (scored); False keeps the customer out of advocate scores.",
    )
    email_hash: _Hash | None = Field(None, description="Hash of the normalised e-mail address.")
    address_hash: _Hash | None = Field(None, description="Hash of the normalised postal address.")
    payment_fingerprint: _Hash | None = Field(
        None, description="Payment-method fingerprint from the shop system (never card numbers)."
    )
    instagram: str | None = Field(None, max_length=200, description="Instagram handle, no '@'.")
    tiktok: str | None = Field(None, max_length=200, description="TikTok handle, no '@'.")
    youtube: str | None = Field(None, max_length=200, description="YouTube handle, no '@'.")


class Product(_CrmRow):
    """One product of the brand."""

    product_id: _Id
    name: str | None = Field(None, max_length=300)
    category: str | None = Field(None, max_length=200)
    launch_date: date | None = Field(None, description="Market launch; needed for early adopters.")
    price: float | None = Field(None, ge=0.0, description="List price in EUR.")


class Order(_CrmRow):
    """One order: who, when, which products, how much."""

    order_id: _Id
    customer_id: _Id = Field(description="The customer who ordered (customers.customer_id).")
    ordered_at: datetime = Field(description="Order time (a date alone is read as midnight UTC).")
    products: list[str] = Field(
        default_factory=list, description="Product ids of the order lines, e.g. 'P1 P7'."
    )
    value: float = Field(ge=0.0, description="Order value in EUR after discounts.")
    promo_code: str | None = Field(None, max_length=100, description="Promotion code used.")
    referral_code: str | None = Field(None, max_length=100, description="Referral code used.")
    region: str | None = Field(None, max_length=100, description="Sales region, e.g. 'BY'.")


class Review(_CrmRow):
    """A product review written by a customer."""

    review_id: _Id
    customer_id: _Id
    product_id: str | None = Field(None, max_length=200)
    rating: int | None = Field(None, ge=1, le=5, description="Stars, 1 to 5.")
    text: str | None = Field(None, max_length=10000)
    reviewed_at: datetime | None = None
    language: str | None = Field(None, max_length=8, description="ISO 639-1, e.g. 'de'.")


class Referral(_CrmRow):
    """One referral outcome: an advocate's code or link brought (or did not bring) someone."""

    referral_id: _Id
    referrer_id: _Id = Field(description="The advocate (customers.customer_id).")
    code: str | None = Field(None, max_length=100, description="The referral code used.")
    referred_customer_id: str | None = Field(
        None, max_length=200, description="The new customer's id, once there is one."
    )
    referred_email_hash: _Hash | None = None
    referred_address_hash: _Hash | None = None
    referred_payment_fingerprint: _Hash | None = None
    invited_at: datetime | None = Field(None, description="When the referral was made/clicked.")
    converted: bool | None = Field(None, description="The referred person bought.")
    order_value: float | None = Field(None, ge=0.0, description="First order value in EUR.")


CRM_TABLE_MODELS: dict[str, type[_CrmRow]] = {
    "customers": Customer,
    "products": Product,
    "orders": Order,
    "reviews": Review,
    "referrals": Referral,
}
"""CRM tables in dependency order: a table's parent always comes before it."""

CRM_TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "customers": ("customer_id",),
    "products": ("product_id",),
    "orders": ("order_id",),
    "reviews": ("review_id",),
    "referrals": ("referral_id",),
}

CRM_TABLE_PARENTS: dict[str, tuple[str, str]] = {
    "orders": ("customer_id", "customers"),
    "reviews": ("customer_id", "customers"),
    "referrals": ("referrer_id", "customers"),
}
"""Foreign key column of each CRM child table and the table it points at."""
