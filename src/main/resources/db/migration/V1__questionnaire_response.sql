-- QuestionnaireResponses from DTR clients, kept whole (jsonb) with the columns their searches use.
CREATE TABLE questionnaire_response (
    id            text        PRIMARY KEY,
    version       bigint      NOT NULL,
    resource      jsonb       NOT NULL,
    subject       text,
    questionnaire text,
    status        text        NOT NULL,
    authored      timestamptz,
    last_updated  timestamptz NOT NULL
);

CREATE INDEX questionnaire_response_subject ON questionnaire_response (subject);
CREATE INDEX questionnaire_response_questionnaire ON questionnaire_response (questionnaire);
CREATE INDEX questionnaire_response_status ON questionnaire_response (status);
CREATE INDEX questionnaire_response_authored ON questionnaire_response (authored);
