// Globals of the renderer. This file has no top-level import, so its
// declarations are global.

interface Window {
  /** The bridge to the core, exposed by the preload through the context bridge. */
  readonly hub: import('../../shared/contract.ts').HubApi;
}

/** Stylesheets are side-effect imports that Vite bundles. */
declare module '*.css';
