"""Print fake but valid identifiers for new corpus texts: python -m tests.privacy.fake_identifiers.

Never put real people's numbers in the corpus; draw new ones here instead.
"""

from __future__ import annotations

import random

from stdnum import iban
from stdnum.nl import bsn

BANKS = ("ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB", "BUNQ", "KNAB")


def fake_bsn(rng: random.Random) -> str:
    """Return a nine-digit number that passes the 11-proef."""
    while True:
        number = str(rng.randrange(100_000_000, 1_000_000_000))
        if bsn.is_valid(number):
            return number


def fake_nl_iban(rng: random.Random) -> str:
    """Return a Dutch IBAN with valid check digits, printed in groups of four."""
    bank = rng.choice(BANKS)
    account = f"{rng.randrange(10**10):010d}"
    digits = iban.calc_check_digits(f"NL00{bank}{account}")
    return iban.format(f"NL{digits}{bank}{account}")


def main(count: int = 5, seed: int | None = None) -> None:
    """Print a few fresh BSNs and IBANs."""
    rng = random.Random(seed)
    for _ in range(count):
        print(fake_bsn(rng), fake_nl_iban(rng), sep="\t")


if __name__ == "__main__":
    main()
