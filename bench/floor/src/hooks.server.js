import { readFileSync } from 'node:fs';

// The reader page's markup, written by bench/web.ts to the file named by FLOOR_HTML and read
// once at start. The page renders it with {@html}; see src/routes/t/[slug]/+page.svelte.
const file = process.env.FLOOR_HTML;
if (!file) throw new Error('FLOOR_HTML must name the file with the markup to render');
/** @type {{ floorHtml?: string }} */ (globalThis).floorHtml = readFileSync(file, 'utf8');
