// SMART App Launch: the EHR opens launch.html?iss=<FHIR base>&launch=<id> (EHR launch, from the card's smart link);
// a user can also open launch.html?iss=<FHIR base> alone (standalone launch: the EHR's authorization server then asks
// for the patient). fhirclient does discovery (.well-known/smart-configuration), PKCE and the redirect.
import FHIR from 'fhirclient';
import { CLIENT_ID, scopes } from './config.js';

const ehrLaunch = new URLSearchParams(window.location.search).has('launch');
FHIR.oauth2
  .authorize({ clientId: CLIENT_ID, scope: scopes(ehrLaunch), redirectUri: 'index.html', pkceMode: 'ifSupported' })
  .catch((error) => {
    document.getElementById('status').textContent = 'The SMART launch failed: ' + error.message;
  });
