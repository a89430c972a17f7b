/**
 * OpenWeather: the API key travels in the `appid` query parameter. Bodies
 * carry `cod` and `message`, where `cod` is a number on some endpoints and a
 * string on others. A `cod` other than 200 inside a 2xx body is a failure.
 */
import type { ErrorClass } from '../../../shared/types.ts';
import { requireCredential } from './errors.ts';
import { withQuery } from './request.ts';
import {
  classifyStatus,
  createInterpreter,
  isRecord,
  numberField,
  shortMessage,
  stringField,
  type ErrorDetails,
} from './response.ts';
import type { CredentialField, ProviderDefinition } from './types.ts';
import { PROVIDER_NAMES } from '../../../shared/provider-names.ts';

const API_KEY: CredentialField = {
  field: 'apiKey',
  label: 'API key',
  env: ['OPENWEATHER_API_KEY', 'OPENWEATHERMAP_API_KEY', 'OWM_API_KEY'],
};

function errorDetails(json: unknown): ErrorDetails {
  if (!isRecord(json)) return { message: null };

  const details: ErrorDetails = { message: shortMessage(json.message) };
  const code = stringField(json.cod);
  if (code !== undefined) details.code = code;
  return details;
}

function bodyFailure(json: unknown): (ErrorDetails & { errorClass: ErrorClass }) | null {
  if (!isRecord(json) || json.cod === undefined) return null;

  const cod = numberField(json.cod);
  if (cod === 200) return null;

  // A 401 or 429 inside the body means the same as the status would.
  const fromCod = cod === undefined ? null : classifyStatus(cod);
  const errorClass = fromCod === 'auth' || fromCod === 'rate_limit' ? fromCod : 'body_error';
  return { errorClass, ...errorDetails(json) };
}

export const openweather: ProviderDefinition = {
  id: 'openweather',
  name: PROVIDER_NAMES.openweather,
  docsUrl: 'https://openweathermap.org/api',
  defaultBaseUrl: 'https://api.openweathermap.org',
  baseUrlRequired: false,
  baseUrlEnv: [],
  credentials: [API_KEY],
  secretQueryParams: ['appid'],
  secretHeaders: [],
  probe: {
    operation: 'current-weather',
    method: 'GET',
    path: '/data/2.5/weather',
    query: { lat: '44.34', lon: '10.99' },
  },
  authorize(request, credentials) {
    const key = requireCredential('openweather', credentials, API_KEY);
    return withQuery(request, { appid: key });
  },
  interpret: createInterpreter({ errorDetails, bodyFailure }),
};
