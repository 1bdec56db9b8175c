// What an EHR registers for this app (README, "The DTR app"): the client id, the launch and redirect URLs and these
// scopes. DTR 2.0.1 asks for the openid, fhirUser and patient launch contexts, read access to the patient's record
// for the Libraries' data requirements, and create/update of QuestionnaireResponse (SMART v2 scope syntax, as DTR
// writes them: "patient/*.rs and patient/questionnaireresponse.cu").
export const CLIENT_ID = 'coverage-rules-dtr';

export function scopes(ehrLaunch) {
  return [ehrLaunch ? 'launch' : 'launch/patient', 'openid', 'fhirUser', 'patient/*.rs',
    'patient/QuestionnaireResponse.cu'].join(' ');
}

// The payer's FHIR server is the one that serves this app.
export const PAYER_BASE = new URL('../fhir', window.location.href).href.replace(/\/$/, '');

export const DTR = 'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/';
export const CRD_COVERAGE_INFORMATION = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
export const INFORMATION_ORIGIN = DTR + 'information-origin';
export const QR_CONTEXT = DTR + 'qr-context';
export const INTENDED_USE = DTR + 'intendedUse';
export const SDC = 'http://hl7.org/fhir/uv/sdc/StructureDefinition/';
