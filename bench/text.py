"""Plausible nomination prose for the benchmark's data set, from a fixed seed."""

import random

OPENINGS = [
    "Over the performance period the {kind} built",
    "Working with prosecutors and shelters, the {kind} expanded",
    "Starting from a single clinic, the {kind} grew",
    "In partnership with labor inspectors, the {kind} led",
    "Through survivor-led outreach, the {kind} created",
]
OBJECTS = [
    "a referral network that connected survivors with housing, legal aid and work",
    "a hotline answered around the clock in eleven languages",
    "training for first responders, hospital staff and airline crews",
    "a supply-chain audit program covering seafood and garment suppliers",
    "a legal clinic that represented survivors in immigration and civil cases",
    "a task force that supported prosecutions across three states",
]
RESULTS = [
    "More than {n} survivors received services, and {m} cases were referred to law enforcement.",
    "It trained {n} professionals and opened {m} new shelter beds.",
    "Its evidence supported {m} prosecutions and the recovery of {n} thousand dollars in "
    "back wages.",
    "Partners in {m} counties adopted its screening protocol, reaching {n} young people.",
]
PLACES = [
    ("Chicago", "IL"),
    ("Houston", "TX"),
    ("Atlanta", "GA"),
    ("Seattle", "WA"),
    ("Miami", "FL"),
    ("Denver", "CO"),
    ("Baltimore", "MD"),
    ("Phoenix", "AZ"),
]
NAME_PARTS = (
    ["Harbor", "Bright", "Open", "Northern", "Coastal", "Safe", "Clear", "Riverbend", "Lakeshore"],
    ["Light", "Route", "Hands", "Plains", "Horizons", "Passage", "Harvest", "Bridge", "Path"],
    ["Survivor Network", "Legal Clinic", "Coalition", "Worker Center", "Alliance", "Project"],
)
STRENGTHS = [
    "Documented results for survivors, with partners across the region.",
    "A survivor-led model that others already copy.",
    "Strong partnerships with prosecutors and labor inspectors.",
]
WEAKNESSES = [
    "Little detail on how the work will be sustained.",
    "The budget section is thin.",
    "The figures cover only part of the performance period.",
]


class Prose:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def organization(self, index: int) -> str:
        first, second, third = (self.rng.choice(part) for part in NAME_PARTS)
        return f"{first} {second} {third} {index}"

    def place(self) -> tuple[str, str]:
        return self.rng.choice(PLACES)

    def sentence(self) -> str:
        opening = self.rng.choice(OPENINGS).format(kind="organization")
        result = self.rng.choice(RESULTS).format(
            n=self.rng.randint(40, 1200), m=self.rng.randint(2, 40)
        )
        return f"{opening} {self.rng.choice(OBJECTS)}. {result}"

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def citation(self) -> str:
        return f"for its work building {self.rng.choice(OBJECTS)}"

    def strengths(self) -> str:
        return self.rng.choice(STRENGTHS)

    def weaknesses(self) -> str:
        return self.rng.choice(WEAKNESSES)
