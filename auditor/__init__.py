"""refund-audit: how hard is it for a customer to find and use a shop's refund entry?"""

__version__ = "0.1.0"
