// The DTR session's context (DTR 2.0.1 "Retrieving Launch Context Information"): the order and the Coverage from
// the SMART fhirContext, else from the card's appContext, else (standalone launch) chosen by the user among the
// patient's active orders; the coverage-assertion-id from the order's CRD coverage-information, else the appContext.
import { CRD_COVERAGE_INFORMATION } from './config.js';

const ORDER_TYPES = ['ServiceRequest', 'DeviceRequest', 'MedicationRequest', 'NutritionOrder', 'VisionPrescription',
  'CommunicationRequest', 'Appointment', 'Encounter'];

export function appContextOf(tokenResponse) {
  const raw = tokenResponse.appContext;
  if (!raw) {
    return {};
  }
  try {
    return typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch (e) {
    return {};
  }
}

function fhirContextReferences(tokenResponse) {
  return (tokenResponse.fhirContext || []).map((c) => c.reference).filter(Boolean);
}

export async function resolveContext(client, chooseOrder) {
  const token = client.state.tokenResponse || {};
  const appContext = appContextOf(token);
  const references = fhirContextReferences(token);
  let orderRef = references.find((r) => ORDER_TYPES.includes(r.split('/')[0])) || appContext.order;
  let order;
  if (orderRef) {
    order = await client.request(orderRef);
  } else {
    // Filtered here rather than with status=draft,active: not every EHR takes several values of a token.
    const orders = (await client.request(`ServiceRequest?patient=${client.patient.id}`, { pageLimit: 0, flat: true }))
      .filter((o) => ['draft', 'active', 'on-hold'].includes(o.status));
    order = await chooseOrder(orders);
    orderRef = 'ServiceRequest/' + order.id;
  }
  const info = (order.extension || []).find((e) => e.url === CRD_COVERAGE_INFORMATION);
  const infoPart = (name) => info && (info.extension || []).find((e) => e.url === name);
  let coverageRef = references.find((r) => r.startsWith('Coverage/'))
    || (infoPart('coverage') && infoPart('coverage').valueReference.reference)
    || appContext.coverage;
  let coverage;
  if (coverageRef) {
    coverage = await client.request(coverageRef);
  } else {
    const coverages = await client.request(`Coverage?patient=${client.patient.id}&status=active`,
      { pageLimit: 0, flat: true });
    coverage = coverages[0];
    coverageRef = coverage && 'Coverage/' + coverage.id;
  }
  if (!coverage) {
    throw new Error('The patient has no active Coverage in the EHR: DTR needs one to ask the payer for its forms.');
  }
  return {
    order,
    orderRef,
    coverage,
    coverageRef,
    assertionId: (infoPart('coverage-assertion-id') && infoPart('coverage-assertion-id').valueString)
      || appContext['coverage-assertion-id'],
    questionnaires: [].concat(appContext.questionnaire || []),
  };
}
