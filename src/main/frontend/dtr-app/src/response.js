// The QuestionnaireResponse the app stores: LHC-Forms' answers plus what DTR 2.0.1 requires of it (profile
// dtr-questionnaireresponse): qr-context for the Coverage and the order, intendedUse, subject, author, and on every
// answer the information-origin extension (auto when it is what pre-population put there, override when the
// clinician changed a pre-populated answer, manual otherwise; author on the last two).
import { INFORMATION_ORIGIN, INTENDED_USE, QR_CONTEXT, DTR } from './config.js';

const same = (a, b) => JSON.stringify(valueOf(a)) === JSON.stringify(valueOf(b));

function valueOf(answer) {
  const key = Object.keys(answer).find((k) => k.startsWith('value'));
  const value = answer[key];
  return key === 'valueCoding' ? { system: value.system, code: value.code } : { [key]: value };
}

/** The pre-filled answers as a QuestionnaireResponse tree that LHC-Forms can load. */
export function prefilledResponse(questionnaire, autoAnswers) {
  const items = (list) => (list || []).map((item) => {
    const children = items(item.item);
    const out = { linkId: item.linkId };
    if (item.text) {
      out.text = item.text;
    }
    if (autoAnswers[item.linkId]) {
      out.answer = [autoAnswers[item.linkId]];
    }
    if (children.length) {
      out.item = children;
    }
    return out.answer || out.item ? out : null;
  }).filter(Boolean);
  return { resourceType: 'QuestionnaireResponse', status: 'in-progress', item: items(questionnaire.item) };
}

function origin(source, practitioner) {
  const extension = [{ url: 'source', valueCode: source }];
  if (source !== 'auto' && practitioner) {
    extension.push({ url: 'author', extension: [{ url: 'practitioner', valueReference: { reference: practitioner } }] });
  }
  return { url: INFORMATION_ORIGIN, extension };
}

/** The stored response: `fromForm` is what LHC-Forms exports; `previous` the last stored one (its id). */
export function completeResponse({ fromForm, questionnaire, autoAnswers, context, patientId, user, status, previous }) {
  const practitioner = user && user.startsWith('Practitioner/') ? user : null;
  const mark = (list) => (list || []).forEach((item) => {
    (item.answer || []).forEach((answer) => {
      answer.extension = (answer.extension || []).filter((e) => e.url !== INFORMATION_ORIGIN);
      const auto = autoAnswers[item.linkId];
      const source = auto ? (same(answer, auto) ? 'auto' : 'override') : 'manual';
      answer.extension.push(origin(source, practitioner));
      mark(answer.item);
    });
    mark(item.item);
  });
  const response = { ...fromForm };
  delete response.meta;
  delete response.id;
  mark(response.item);
  response.meta = { profile: [DTR + 'dtr-questionnaireresponse'] };
  if (previous && previous.id) {
    response.id = previous.id;
  }
  response.status = status;
  response.questionnaire = questionnaire.url + (questionnaire.version ? '|' + questionnaire.version : '');
  response.subject = { reference: 'Patient/' + patientId };
  if (practitioner) {
    response.author = { reference: practitioner };
  }
  response.authored = new Date().toISOString();
  response.extension = [
    { url: QR_CONTEXT, valueReference: { reference: context.coverageRef } },
    { url: QR_CONTEXT, valueReference: { reference: context.orderRef } },
    // The documentation goes with the order the payer reconsiders (CRD DocReason "withorder").
    { url: INTENDED_USE, valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp',
      code: 'withorder' }] } },
  ];
  return response;
}
