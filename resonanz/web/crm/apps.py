from django.apps import AppConfig


class CrmConfig(AppConfig):
    """CRM tables of a workspace (the consumer-influencer analysis reads them)."""

    name = "resonanz.web.crm"
    label = "crm"
    verbose_name = "resonanz CRM"
