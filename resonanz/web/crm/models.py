"""The CRM tables. Columns mirror :mod:`resonanz.core.advocates.contract`.

As in the store, ``external_id`` is the user's own id, unique per workspace, so re-imports update
instead of duplicating; the bulk importer writes these tables by name (``db_table``), so each
``db_table`` equals the contract's table name. ``NULL`` means unknown, never zero.
"""

from __future__ import annotations

from django.db import models

from resonanz.web.store.models import Workspace


class _Owned(models.Model):
    # The unique key starts with the workspace, which serves as its index.
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, db_index=False)

    class Meta:
        abstract = True


class Customer(_Owned):
    """One customer, pseudonymous."""

    external_id = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=10, null=True)
    city = models.CharField(max_length=200, null=True)
    country = models.CharField(max_length=2, null=True)
    signup_date = models.DateField(null=True)
    consent_marketing = models.BooleanField(null=True)
    consent_profiling = models.BooleanField(null=True)
    email_hash = models.CharField(max_length=200, null=True)
    address_hash = models.CharField(max_length=200, null=True)
    payment_fingerprint = models.CharField(max_length=200, null=True)
    instagram = models.CharField(max_length=200, null=True)
    tiktok = models.CharField(max_length=200, null=True)
    youtube = models.CharField(max_length=200, null=True)

    class Meta:
        db_table = "customers"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "external_id"], name="customers_key")
        ]


class Product(_Owned):
    """One product, with its launch date."""

    external_id = models.CharField(max_length=200)
    name = models.CharField(max_length=300, null=True)
    category = models.CharField(max_length=200, null=True)
    launch_date = models.DateField(null=True)
    price = models.FloatField(null=True)

    class Meta:
        db_table = "products"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "external_id"], name="products_key")
        ]


class Order(_Owned):
    """One order; ``products`` holds the product ids of its lines (JSON array)."""

    external_id = models.CharField(max_length=200)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    ordered_at = models.DateTimeField()
    products = models.JSONField(default=list)
    value = models.FloatField()
    promo_code = models.CharField(max_length=100, null=True)
    referral_code = models.CharField(max_length=100, null=True)
    region = models.CharField(max_length=100, null=True)

    class Meta:
        db_table = "orders"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "external_id"], name="orders_key")
        ]


class Review(_Owned):
    """A product review by a customer."""

    external_id = models.CharField(max_length=200)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    product_id = models.CharField(max_length=200, null=True)  # the product's external id
    rating = models.SmallIntegerField(null=True)
    text = models.TextField(null=True)
    reviewed_at = models.DateTimeField(null=True)
    language = models.CharField(max_length=8, null=True)

    class Meta:
        db_table = "reviews"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "external_id"], name="reviews_key")
        ]


class Referral(_Owned):
    """One referral outcome of an advocate's code or link."""

    external_id = models.CharField(max_length=200)
    referrer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    code = models.CharField(max_length=100, null=True)
    referred_customer_id = models.CharField(max_length=200, null=True)  # external id
    referred_email_hash = models.CharField(max_length=200, null=True)
    referred_address_hash = models.CharField(max_length=200, null=True)
    referred_payment_fingerprint = models.CharField(max_length=200, null=True)
    invited_at = models.DateTimeField(null=True)
    converted = models.BooleanField(null=True)
    order_value = models.FloatField(null=True)

    class Meta:
        db_table = "referrals"
        constraints = [
            models.UniqueConstraint(fields=["workspace", "external_id"], name="referrals_key")
        ]
