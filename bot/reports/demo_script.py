"""What happens in the demo programme: people, assistants, and how each week goes.

Deterministic (a seeded generator), so every demo tells the same story: finance's
expense-policy answers go out of date in the last two weeks, and Sales takes to the
assistant, reporting wins week after week.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

DEPARTMENTS = ("Sales", "Finance", "Legal", "People", "Operations", "IT")
PEOPLE_PER_DEPARTMENT = 50
CHAMPION_DEPARTMENT = "Sales"
CHAMPIONS = 14  # people in Sales who keep reporting wins
WEEKS = 6
USE_CASES = (
    ("helpdesk", "password-reset"),
    ("helpdesk", "vpn-setup"),
    ("finance-copilot", "expense-policy"),
    ("finance-copilot", "invoice-queries"),
    ("writer", "drafting"),
    ("writer", "summaries"),
)
DEGRADING = ("finance-copilot", "expense-policy")
FIRST = (
    "Ana",
    "Ben",
    "Chloé",
    "Dev",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Yusuf",
    "Zoe",
)
LAST = (
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Silva",
    "Novak",
    "Haddad",
    "Kowalski",
    "Reyes",
    "Brennan",
    "Patel",
    "Schmidt",
)

WIN_TEXTS = (
    "Drafted the Q3 renewal proposal in 20 minutes instead of half a day",
    "Saved me about 2 hours summarising the customer call notes",
    "Got the pricing comparison for the Acme deal done before lunch, saved ~90 min",
    "Used it to rewrite our onboarding email, took 10 minutes instead of an hour",
    "Found the right clause in the partner contract in seconds, saved me 45 minutes",
    "It pulled together the territory plan outline, easily 3 hours saved",
    "Reset my VPN profile without waiting for a ticket",
    "The meeting summary went straight into the CRM, saved 30 min",
    "Answered the expense question for my whole team, no need to email finance",
    "Cut my weekly pipeline report from 2h to 25 minutes",
)
WIN_BUCKET_TEXTS = (
    "Helped me prepare the board pack",
    "Made the customer FAQ much easier to write",
    "Sorted out the invoice mismatch for a supplier",
)
GOOD_COMMENTS = ("spot on", "exactly what I needed", "quick and clear")
BAD_COMMENTS = {
    "fresh": (
        "The answer missed the second step of the setup",
        "Too long, I had to fix the wording before sending",
        "It didn't answer my question about the VPN on mobile",
        "Summary missed the action items",
        "Wrong contact for the helpdesk escalation",
    ),
    "stale": (
        "The expense policy it quoted is outdated, limits changed in October",
        "Outdated policy: the meal allowance is different now",
        "It quoted the old travel policy again",
        "Per diem rates are outdated, the policy was updated",
        "Wrong mileage rate, that policy is outdated",
        "It cited the outdated expense policy from last year",
    ),
}


@dataclass(frozen=True)
class DemoPerson:
    user_id: str
    name: str
    department: str


def demo_people() -> list[DemoPerson]:
    found = []
    for d, department in enumerate(DEPARTMENTS):
        for i in range(PEOPLE_PER_DEPARTMENT):
            n = d * PEOPLE_PER_DEPARTMENT + i
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}"
            found.append(DemoPerson(f"UDEMO{n:04d}", name, department))
    return found


def helpful_chance(use_case: tuple[str, str], week: int) -> float:
    """Week 0..WEEKS-1. The degrading use case slips in its last two weeks."""
    if use_case == DEGRADING:
        return (0.86, 0.85, 0.87, 0.84, 0.7, 0.45)[week]
    return 0.78 + 0.02 * week if use_case[0] != "helpdesk" else 0.82


def usage_weight(person: DemoPerson) -> float:
    return {"Sales": 2.0, "IT": 1.2, "Finance": 1.1}.get(person.department, 0.8)


def pick_comment(rng: random.Random, use_case: tuple[str, str], week: int) -> str:
    stale = use_case == DEGRADING and week >= WEEKS - 2
    return rng.choice(BAD_COMMENTS["stale" if stale else "fresh"])
