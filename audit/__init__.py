"""smaudit: social media audit and maturity report generator."""

__version__ = "0.1.0"
