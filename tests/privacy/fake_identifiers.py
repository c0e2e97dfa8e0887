"""Print fake but valid identifiers for new corpus texts: python -m tests.privacy.fake_identifiers.

Never put real people's numbers in the corpus; draw new ones here instead.
"""

from __future__ import annotations

import itertools
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


# A Dutch passport or ID-card number: two letters, six letters or digits, a digit; never an O
# (it would be read as 0).
_DOCUMENT_LETTERS = "ABCDEFGHIJKLMNPQRSTUVWXYZ"


def fake_document_number(rng: random.Random) -> str:
    """Return a number in the shape of a Dutch passport or ID card since 2014, with at least two
    letters among the six middle characters ("SM85NCI94")."""
    middle = [rng.choice("0123456789") for _ in range(6)]
    for i in rng.sample(range(6), rng.randint(2, 4)):
        middle[i] = rng.choice(_DOCUMENT_LETTERS)
    if not any(a.isdigit() and b.isalpha() for a, b in itertools.pairwise(middle)):
        middle[rng.randrange(1, 6)] = rng.choice(_DOCUMENT_LETTERS)  # "85NC", not "AA0000"
        middle[0] = rng.choice("0123456789")
    head = "".join(rng.choice(_DOCUMENT_LETTERS) for _ in range(2))
    return f"{head}{''.join(middle)}{rng.randrange(10)}"


def fake_vnummer(rng: random.Random) -> str:
    """Return a ten-digit V-nummer (vreemdelingennummer) as Suite shows it ("979.848.8180")."""
    digits = f"{rng.randrange(10**9, 10**10)}"
    return rng.choice(
        (
            digits,
            f"{digits[:3]}.{digits[3:6]}.{digits[6:]}",
            f"{digits[:4]} {digits[4:7]} {digits[7:]}",
        )
    )


def fake_birth_compact(rng: random.Random) -> str:
    """Return a date of birth as the BRP and Suite exports write it: YYYYMMDD."""
    return f"{rng.randint(1935, 2008)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


def main(count: int = 5, seed: int | None = None) -> None:
    """Print a few fresh BSNs and IBANs."""
    rng = random.Random(seed)
    for _ in range(count):
        print(
            fake_bsn(rng), fake_nl_iban(rng), fake_document_number(rng), fake_vnummer(rng), sep="\t"
        )


if __name__ == "__main__":
    main()
