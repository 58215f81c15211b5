"""Victim journeys across the three sources, recounted independently from the other marts
(links on link_hash only, contracts/README.md §8)."""

from __future__ import annotations


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_one_journey_per_key_of_a_headline_victim(serving_db):
    keys = one(
        serving_db,
        "SELECT count(DISTINCT link_hash) FROM marts.victims WHERE NOT is_sub3 AND link_hash IS NOT NULL",
    )
    assert keys > 0
    assert one(serving_db, "SELECT count(*) FROM marts.victim_journeys") == keys


def test_residence_link_means_the_same_key_in_the_figure_4_2_population(serving_db):
    linked = one(
        serving_db,
        """
        SELECT count(DISTINCT v.link_hash) FROM marts.victims v
        JOIN marts.residence_routes r ON r.link_hash = v.link_hash AND r.is_in_population
        WHERE NOT v.is_sub3""",
    )
    assert (
        one(serving_db, "SELECT count(*) FROM marts.victim_journeys WHERE is_linked_to_residence") == linked
    )


def test_prosecution_link_means_a_case_naming_the_key(serving_db):
    linked = one(
        serving_db,
        """
        SELECT count(DISTINCT v.link_hash) FROM marts.victims v
        JOIN marts.prosecution_victim_links p ON p.link_hash = v.link_hash
        JOIN marts.prosecution_cases c USING (case_suspect_id)
        WHERE NOT v.is_sub3""",
    )
    assert (
        one(serving_db, "SELECT count(*) FROM marts.victim_journeys WHERE is_linked_to_prosecution") == linked
    )


def test_linkage_summary_counts_every_headline_victim_so_the_share_is_honest(serving_db):
    rows = serving_db.execute("""
        SELECT s.registration_year, s.headline_victims, count(v.victim_id)
        FROM marts.victim_linkage_summary s
        JOIN marts.victims v ON v.registration_year = s.registration_year AND NOT v.is_sub3
        GROUP BY ALL""").fetchall()
    assert len(rows) == 5
    assert all(summary == counted for _, summary, counted in rows)
    assert one(serving_db, "SELECT max(share_linked_to_residence) FROM marts.victim_linkage_summary") < 0.5
