-- Victim-years per registration year, headline figures and sub-3 persons apart (Figure 3.2).
-- Disclosure-controlled (macros/disclosure.sql, cube 'victims_by_population'); raw counts: build database only.
-- One cube of the linked victim cells (int_disclosure__victim_cells, issue 13): decided together
-- with the other victim cubes, so a cell they share is hidden in all of them or in none.
{{ linked_cube('int_disclosure__victim_cells', 'victims_by_population', 'victims') }}
