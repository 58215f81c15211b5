-- Headline victim-years counted over every combination of period, trafficking form, origin
-- region, nationality, province and police unit where found, with a total for each dimension
-- (macros/disclosure.sql count_cube). The regional marts and the route mart are all cut from this
-- one cube, so no cell hidden in one of them can be recovered from another (a province total is
-- the same cell everywhere); and the cube is protected together with the victim cubes of Trends
-- slachtoffers (int_disclosure__victim_cells, issue 13), whose cells it shares (a year's total, a
-- year's victims of one form or nationality).
-- The raw count stays here, in the build database only; the marts publish it only where shown.
{{ linked_cube('int_disclosure__victim_cells', 'regional_victims', 'victims') }}
