/** Display names of the providers, for every place that shows a provider to a user. */
import type { ProviderId } from './types.ts';

/** The name each provider goes by in its own documentation; the core's catalog uses it too. */
export const PROVIDER_NAMES: Readonly<Record<ProviderId, string>> = {
  openai: 'OpenAI',
  amadeus: 'Amadeus',
  mapbox: 'Mapbox',
  openweather: 'OpenWeather',
  elevenlabs: 'ElevenLabs',
  supabase: 'Supabase',
  stripe: 'Stripe',
};

/** Returns the display name of a provider, such as "OpenAI" for `openai`. */
export function providerName(provider: ProviderId): string {
  return PROVIDER_NAMES[provider];
}
