// The DTR app after the SMART redirect: context → payer package → CQL pre-population → LHC-Forms → store.
import FHIR from 'fhirclient';
import { resolveContext } from './context.js';
import { questionnairePackage, storeWithPayer } from './payer.js';
import { evaluate, answerValue } from './prefill.js';
import { prefilledResponse, completeResponse } from './response.js';

const $ = (id) => document.getElementById(id);
const status = (text) => { $('status').textContent = text; };

/** LHC-Forms runs the Questionnaire's CQL as FHIRPath if it is left in: we have run it already, so strip it. */
function forRendering(questionnaire) {
  const copy = JSON.parse(JSON.stringify(questionnaire));
  const strip = (node) => {
    node.extension = (node.extension || []).filter((e) => !(e.valueExpression
      && e.valueExpression.language === 'text/cql') && !e.url.endsWith('/cqf-library')
      && !e.url.endsWith('/sdc-questionnaire-launchContext'));
    (node.item || []).forEach(strip);
  };
  strip(copy);
  return copy;
}

function chooseOrder(orders) {
  const section = $('choose-order');
  section.hidden = false;
  section.innerHTML = '<p>Which order is this documentation for?</p>';
  return new Promise((resolve, reject) => {
    if (orders.length === 0) {
      reject(new Error('The patient has no active orders in the EHR.'));
    }
    orders.forEach((order) => {
      const button = document.createElement('button');
      const coding = (order.code && order.code.coding && order.code.coding[0]) || {};
      button.textContent = `${order.code && order.code.text || coding.display || coding.code} (${order.id})`;
      button.onclick = () => { section.hidden = true; resolve(order); };
      section.appendChild(button);
    });
  });
}

/** Marks the rows of answers that pre-population filled (LHC-Forms ids them "item-<linkId>/<n>..."). */
function markAutoFilled(autoAnswers) {
  Object.keys(autoAnswers).forEach((linkId) => {
    document.querySelectorAll(`#form lhc-item[id^="item-${CSS.escape(linkId)}/"]`)
      .forEach((row) => row.classList.add('auto-filled'));
  });
}

async function main() {
  const client = await FHIR.oauth2.ready();
  // fhirUser may be an absolute URL; references in the response are relative ("Practitioner/123").
  const fhirUser = client.getFhirUser();
  const user = fhirUser ? fhirUser.split('/').slice(-2).join('/') : null;
  const patient = await client.patient.read();
  const name = (patient.name && patient.name[0]) || {};
  $('patient').textContent = `Patient: ${[].concat(name.given || []).join(' ')} ${name.family || ''}`.trim();
  status('Reading the order and the coverage from the EHR…');
  const context = await resolveContext(client, chooseOrder);
  status('Asking the payer for its documentation form…');
  const pkg = await questionnairePackage(context);
  $('title').textContent = pkg.questionnaire.title || pkg.questionnaire.name;
  status('Filling in what the patient record already says…');
  const values = await evaluate(client, pkg, context);
  const autoAnswers = {};
  (function walk(items) {
    for (const item of items || []) {
      const answer = values[item.linkId] != null ? answerValue(item, values[item.linkId]) : null;
      if (answer) {
        autoAnswers[item.linkId] = answer;
      }
      walk(item.item);
    }
  })(pkg.questionnaire.item);
  await LForms.Util.addFormToPage(forRendering(pkg.questionnaire), 'form', {
    questionnaireResponse: prefilledResponse(pkg.questionnaire, autoAnswers),
  });
  markAutoFilled(autoAnswers);
  $('legend').hidden = Object.keys(autoAnswers).length === 0;
  $('actions').hidden = false;
  status('Check the answers filled from the record, complete the rest, then send.');
  document.body.dataset.prefilled = Object.keys(autoAnswers).join(' ');

  let inEhr = null;
  const build = (state) => completeResponse({
    fromForm: LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', '#form'),
    questionnaire: pkg.questionnaire,
    autoAnswers,
    context,
    patientId: client.patient.id,
    user,
    status: state,
    previous: inEhr,
  });
  // DTR: create in the EHR the first time, update after.
  const storeInEhr = async (response) => (response.id ? client.update(response) : client.create(response));

  $('save').onclick = async () => {
    try {
      inEhr = await storeInEhr(build('in-progress'));
      status(`Draft saved in the EHR (QuestionnaireResponse/${inEhr.id}).`);
    } catch (e) {
      $('problems').textContent = e.message;
    }
  };
  $('complete').onclick = async () => {
    const problems = LForms.Util.checkValidity('#form');
    if (problems && problems.length) {
      $('problems').textContent = 'Please complete the form first:\n' + problems.join('\n');
      return;
    }
    $('problems').textContent = '';
    try {
      const response = build('completed');
      inEhr = await storeInEhr(response);
      const atPayer = await storeWithPayer(response, null);
      status(`Sent: stored in the EHR as QuestionnaireResponse/${inEhr.id} and with the payer as `
        + `QuestionnaireResponse/${atPayer.id}.`);
      document.body.dataset.ehrResponse = inEhr.id;
      document.body.dataset.payerResponse = atPayer.id;
      $('actions').hidden = true;
    } catch (e) {
      $('problems').textContent = e.message;
    }
  };
}

main().catch((error) => {
  status('');
  $('problems').textContent = error.message;
  console.error(error);
});
