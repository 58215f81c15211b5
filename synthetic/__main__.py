"""CLI: `python -m synthetic --out DIR [--seed N] [--years 2013-2017] [--scale 1.0] ...`"""

from __future__ import annotations

import argparse
import sys

from synthetic.generator import DEFAULT_SEED, generate_registration, parse_years


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m synthetic",
        description="Write the synthetic CoMensha registration extract (two deliveries), calibrated to "
        "the published figures of the Slachtoffermonitor 2013-2017 at the defaults.",
    )
    ap.add_argument(
        "--out", required=True, help="output root; files go to OUT/comensha/ (OUT/ind/ for --source ind)"
    )
    ap.add_argument(
        "--source",
        choices=("comensha", "ind", "om", "prosecution"),
        default="comensha",
        help="which extract to write (default comensha); ind = the IND residence extract "
        "(contract residence.md; only --out, --seed, --scale and --through apply); om (alias prosecution) = "
        "the OM prosecution extract to OUT/om/ (contract prosecution.md; --out, --seed, "
        "--scale, --through, --resend-rate and --variant-rate apply)",
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    ap.add_argument("--years", default="2013-2017", help="registration years, e.g. 2013-2017 (default)")
    ap.add_argument(
        "--through",
        type=int,
        default=None,
        help="also write the registration years 2018..THROUGH (at most 2025), calibrated to the "
        "contract addendum later-years.md: CoMensha two deliveries each (needs --years ending in "
        "2017); ind and om one delivery each, on the data date of the edition that ends with the "
        "year (scale 1 only)",
    )
    ap.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="population size relative to the calibrated sample (default 1; up to 1000 and more: "
        "replicas with new ids, written one at a time)",
    )
    ap.add_argument(
        "--resend-rate",
        type=float,
        default=0.08,
        help="share of first-delivery records re-sent in the second delivery (default 0.08)",
    )
    ap.add_argument(
        "--conflict-rate",
        type=float,
        default=0.10,
        help="share of multi-melding person-years with a conflicting older gender/nationality",
    )
    ap.add_argument(
        "--variant-rate",
        type=float,
        default=0.08,
        help="share of code values written as a case/spacing/accent variant or alias",
    )
    ap.add_argument(
        "--empty-rate",
        type=float,
        default=0.15,
        help="share of optional values left empty on meldingen that do not decide them",
    )
    args = ap.parse_args(argv)
    if args.source == "ind":
        from synthetic.residence import DEFAULT_SEED as IND_SEED
        from synthetic.residence import generate_residence

        seed = IND_SEED if args.seed == DEFAULT_SEED else args.seed

        def generate() -> list:
            return generate_residence(args.out, seed=seed, scale=args.scale, through=args.through)

    elif args.source in ("om", "prosecution"):
        from synthetic.prosecution import generate_prosecution

        def generate() -> list:
            return generate_prosecution(
                args.out,
                seed=args.seed,
                resend_rate=args.resend_rate,
                variant_rate=args.variant_rate,
                scale=args.scale,
                through=args.through,
            )

    else:

        def generate() -> list:
            return generate_registration(
                args.out,
                seed=args.seed,
                years=parse_years(args.years),
                scale=args.scale,
                resend_rate=args.resend_rate,
                conflict_rate=args.conflict_rate,
                variant_rate=args.variant_rate,
                empty_rate=args.empty_rate,
                through=args.through,
            )

    try:
        paths = generate()
    except ValueError as exc:
        ap.error(str(exc))
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
