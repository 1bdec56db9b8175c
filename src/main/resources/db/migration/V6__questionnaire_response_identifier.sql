-- The business identifier (system|value) of a QuestionnaireResponse: what a conditional create
-- (If-None-Exist: identifier=...) looks for, so a retried write finds the first instead of making a second.
ALTER TABLE questionnaire_response ADD COLUMN identifier text;
CREATE INDEX questionnaire_response_identifier ON questionnaire_response (identifier);
