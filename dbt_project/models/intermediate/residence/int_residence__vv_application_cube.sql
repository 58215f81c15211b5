-- VV applications (voortgezet verblijf) handled in the counted span, by decision year and outcome
-- (macros/residence.sql). Disclosure-controlled; raw counts: build database only.
{{ residence_application_cube('voortgezet', 'vv_applications') }}
