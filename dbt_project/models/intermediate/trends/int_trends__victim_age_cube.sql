-- Headline victim-years (no sub-3 persons) per registration year and age group (minor at the melding or not; unknown age apart).
-- Disclosure-controlled (macros/disclosure.sql, cube 'victims_by_age'); raw counts: build database only.
-- One cube of the linked victim cells (int_disclosure__victim_cells, issue 13): decided together
-- with the other victim cubes, so a cell they share is hidden in all of them or in none.
{{ linked_cube('int_disclosure__victim_cells', 'victims_by_age', 'victims') }}
