"""Microsoft Teams on the Microsoft 365 Agents SDK."""
