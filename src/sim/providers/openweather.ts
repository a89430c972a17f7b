/**
 * OpenWeather API simulator (api.openweathermap.org): `appid` query
 * parameter and `GET /data/2.5/weather` for `lat`/`lon` or `q`.
 *
 * OpenWeather bodies carry `cod`, a number in some bodies (`200`, `401`,
 * `429`) and a string in others (`"400"`, `"404"`), so clients must accept
 * both. Its only 429 is the subscription block, which is the quota signal.
 */
import {
  credentialMatches,
  json,
  unixNow,
  withHeaders,
  type HandlerContext,
  type ProviderHandler,
  type SimRequest,
  type SimResponse,
} from '../http.ts';

const WEATHER_TYPE = 'application/json; charset=utf-8';

function weatherJson(status: number, body: unknown): SimResponse {
  return json(status, body, { 'content-type': WEATHER_TYPE });
}

const INVALID_KEY = {
  cod: 401,
  message: 'Invalid API key. Please see https://openweathermap.org/faq#error401 for more info.',
};

const ACCOUNT_BLOCKED = {
  cod: 429,
  message:
    'Your account is temporary blocked due to exceeding of requests limitation of your subscription type. ' +
    'Please choose the proper subscription https://openweathermap.org/price',
};

function coordinates(request: SimRequest): { lat: number; lon: number } | null {
  const lat = Number(request.query['lat']);
  const lon = Number(request.query['lon']);
  const present = request.query['lat'] !== undefined && request.query['lon'] !== undefined;
  if (present && Number.isFinite(lat) && Number.isFinite(lon)) {
    return { lat, lon };
  }
  if (request.query['q']) return { lat: 51.5085, lon: -0.1257 };

  return null;
}

function currentWeather(lat: number, lon: number, name: string): unknown {
  const now = unixNow();

  return {
    coord: { lon, lat },
    weather: [{ id: 501, main: 'Rain', description: 'moderate rain', icon: '10d' }],
    base: 'stations',
    main: {
      temp: 298.48,
      feels_like: 298.74,
      temp_min: 297.56,
      temp_max: 300.05,
      pressure: 1015,
      humidity: 64,
      sea_level: 1015,
      grnd_level: 933,
    },
    visibility: 10000,
    wind: { speed: 0.62, deg: 349, gust: 1.18 },
    rain: { '1h': 3.16 },
    clouds: { all: 100 },
    dt: now,
    sys: { type: 2, id: 2075663, country: 'IT', sunrise: now - 36_000, sunset: now + 12_000 },
    timezone: 7200,
    id: 3163858,
    name,
    cod: 200,
  };
}

function weather(request: SimRequest): SimResponse {
  const place = coordinates(request);
  if (!place) return weatherJson(400, { cod: '400', message: 'Nothing to geocode' });

  return weatherJson(200, currentWeather(place.lat, place.lon, request.query['q'] ?? 'Zocca'));
}

/** Builds the OpenWeather handler. Credential field: `apiKey` (the `appid`). */
export function createOpenWeatherHandler(context: HandlerContext): ProviderHandler {
  const appid = context.credentials['apiKey'];

  return {
    route(request, { rejectCredentials }) {
      if (!credentialMatches(request.query['appid'], appid, rejectCredentials)) {
        return weatherJson(401, INVALID_KEY);
      }
      if (request.method === 'GET' && request.path === '/data/2.5/weather') return weather(request);

      return weatherJson(404, { cod: '404', message: 'Internal error' });
    },

    // NOTE: OpenWeather sends no Retry-After. The simulator adds it so that a
    // rate_limit fault differs from a quota fault, which sends the same body without it.
    rateLimited(_request, retryAfterSec) {
      const headers = { 'retry-after': String(retryAfterSec) };
      return withHeaders(weatherJson(429, ACCOUNT_BLOCKED), headers);
    },

    quotaExceeded() {
      return weatherJson(429, ACCOUNT_BLOCKED);
    },

    serverError(_request, status) {
      return weatherJson(status, { cod: status, message: 'Internal error' });
    },

    // NOTE: modelled on public reports of HTTP 200 bodies whose `cod` is an
    // error code string; the exact message varies and is not documented.
    bodyError() {
      return weatherJson(200, { cod: '500', message: 'Internal error' });
    },
  };
}
