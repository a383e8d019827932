import adapter from '@sveltejs/adapter-node';
import app from '../../svelte.config.js';

/**
 * The floor app of `npm run bench`: the smallest SvelteKit app that renders the reader page's
 * markup. Built into `build/` by `vite build --config floor.vite.config.js` run in this folder
 * (bench/web.ts, buildFloor).
 *
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
	kit: {
		// No precompressed copies: the bench reads this app's HTML, never its assets.
		adapter: adapter({ precompress: false }),
		// The app's Content-Security-Policy: its per-request nonce is framework work too.
		csp: app.kit?.csp
	}
};

export default config;
