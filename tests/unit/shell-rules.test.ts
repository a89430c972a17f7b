import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultExportFileName } from '../../src/main/export-name.ts';
import { resolveLaunchOptions } from '../../src/main/launch.ts';
import { invocationDir, resolveDataDir } from '../../src/main/core/paths.ts';
import { trayIconState, trayTooltip } from '../../src/main/tray-status.ts';
import { isAppPageUrl, isExternalLinkAllowed } from '../../src/main/trust.ts';
import type { ProviderView } from '../../src/shared/types.ts';

const RENDERER = '/opt/Integration Hub/resources/app/out/renderer/index.html';

describe('isAppPageUrl', () => {
  const pages = { rendererFile: RENDERER };

  it('accepts the built page with a hash or query', () => {
    const page = pathToFileURL(RENDERER).href;

    expect(isAppPageUrl(page, pages)).toBe(true);
    expect(isAppPageUrl(`${page}#/logs`, pages)).toBe(true);
    expect(isAppPageUrl(`${page}?tab=logs`, pages)).toBe(true);
  });

  it('rejects other files, remote pages and junk', () => {
    expect(isAppPageUrl('file:///tmp/evil.html', pages)).toBe(false);
    expect(isAppPageUrl('https://example.com/index.html', pages)).toBe(false);
    expect(isAppPageUrl('about:blank', pages)).toBe(false);
    expect(isAppPageUrl('not a url', pages)).toBe(false);
  });

  it('accepts only the dev server origin in development', () => {
    const dev = { rendererFile: RENDERER, devServerUrl: 'http://localhost:5173/' };

    expect(isAppPageUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/index.html', dev)).toBe(false);
    expect(isAppPageUrl(pathToFileURL(RENDERER).href, dev)).toBe(false);
  });
});

describe('isExternalLinkAllowed', () => {
  it('opens only https links in the browser', () => {
    expect(isExternalLinkAllowed('https://platform.openai.com/docs')).toBe(true);
    expect(isExternalLinkAllowed('http://example.com')).toBe(false);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)')).toBe(false);
  });
});

describe('resolveLaunchOptions', () => {
  it('uses HUB_DATA_DIR and its demo subfolder', () => {
    expect(resolveLaunchOptions([], { HUB_DATA_DIR: '/data' })).toEqual({ demo: false, dataDir: '/data' });
    expect(resolveLaunchOptions(['--demo'], { HUB_DATA_DIR: '/data' })).toEqual({ demo: true, dataDir: '/data/demo' });
    expect(resolveLaunchOptions([], { HUB_DATA_DIR: '/data', HUB_DEMO: '1' }).demo).toBe(true);
  });
});

describe('tray', () => {
  it('maps statuses to the four icons', () => {
    expect(trayIconState('up')).toBe('up');
    expect(trayIconState('degraded')).toBe('degraded');
    expect(trayIconState('down')).toBe('down');
    expect(trayIconState('unconfigured')).toBe('unknown');
    expect(trayIconState('disabled')).toBe('unknown');
  });

  it('shows a rejected key with the amber icon', () => {
    expect(trayIconState('auth_failed')).toBe('degraded');
  });

  it('shows a paused provider with the grey icon', () => {
    expect(trayIconState('paused')).toBe('unknown');
  });

  it('lists each provider and an open breaker in the tooltip', () => {
    const view = (name: string, status: ProviderView['status'], state: ProviderView['breaker']['state']) =>
      ({ name, status, breaker: { state, since: null, reason: null } }) as ProviderView;

    const tooltip = trayTooltip([view('OpenAI', 'up', 'closed'), view('Stripe', 'down', 'open')]);

    expect(tooltip.split('\n')).toEqual(['Integration Hub', 'OpenAI: up', 'Stripe: down (breaker open)']);
  });

  it('labels a rejected key in the tooltip', () => {
    const view = { name: 'Mapbox', status: 'auth_failed', breaker: { state: 'closed', since: null, reason: null } } as ProviderView;

    expect(trayTooltip([view]).split('\n')).toEqual(['Integration Hub', 'Mapbox: key rejected']);
  });

  it('labels a paused provider without its breaker', () => {
    const view = { name: 'OpenAI', status: 'paused', breaker: { state: 'open', since: null, reason: 'opened by the user' } } as ProviderView;

    expect(trayTooltip([view]).split('\n')).toEqual(['Integration Hub', 'OpenAI: paused']);
  });
});

describe('defaultExportFileName', () => {
  it('names the file after the local time and format', () => {
    const date = new Date(2026, 0, 31, 9, 45);

    expect(defaultExportFileName('csv', date)).toBe('integration-hub-logs-20260131-0945.csv');
    expect(defaultExportFileName('jsonl', date)).toBe('integration-hub-logs-20260131-0945.jsonl');
  });
});

describe('the folder relative paths are read from', () => {
  it('is INIT_CWD while npm runs the process in the package root', () => {
    expect(invocationDir('/repo', { INIT_CWD: '/home/me/work' }, '/repo')).toBe('/home/me/work');
  });

  it('is the working folder once a script has changed folder', () => {
    expect(invocationDir('/repo', { INIT_CWD: '/repo' }, '/repo/ops')).toBe('/repo/ops');
  });

  it('is the working folder without npm', () => {
    expect(invocationDir('/repo', {}, '/home/me')).toBe('/home/me');
  });

  it('gives the app and the CLI the same relative data folder', () => {
    const env = { HUB_DATA_DIR: 'hub-data', INIT_CWD: '/home/me/work' };

    expect(resolveLaunchOptions([], env, '/repo', '/repo').dataDir).toBe('/home/me/work/hub-data');
    expect(resolveDataDir(invocationDir('/repo', env, '/repo'), env)).toBe('/home/me/work/hub-data');
  });
});
