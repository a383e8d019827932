import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// SvelteKit sends this with every page it renders, adding a fresh nonce for its own inline
		// start-up script ('auto': a nonce for rendered pages, a hash for prerendered ones). JSON
		// and export responses get no policy; src/hooks.server.ts sends nosniff and the referrer
		// policy with everything.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Stylesheets and <style> elements: only the built CSS files.
				'style-src': ['self'],
				// style="" attributes need 'unsafe-inline' (measured in Chromium, each blocked
				// without it): the quality strip's bar heights (`style:--height`, a per-turn value,
				// so no hash can cover it) are rendered on the server into the attribute, and
				// src/app.html's `<div style="display: contents">` and SvelteKit's route announcer
				// carry fixed ones. Attributes cannot hold selectors or load anything that
				// img-src and default-src would not allow, so <style> elements stay forbidden.
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
