import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * Test files run at once. Both projects share the number (Vitest puts projects with the same
 * `sequence.groupOrder` in one pool only if they agree on it), so unit files and e2e files run
 * side by side instead of one project after the other. Three on a 2-core machine: an e2e file
 * spends most of its time waiting for its server and the browser, which run in processes of
 * their own. `--maxWorkers` overrides it.
 */
const WORKERS = 3;

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		maxWorkers: WORKERS,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					environment: 'node',
					// Isolated (Vitest's default): archive.test.ts mocks the worker module, and a mock
					// applies only to a module loaded after it, not to one another file loaded first.
					// Safety caps for a loaded machine, not budgets: a test's budget is a count.
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					// One Chromium and one read-only server for the run (tests/e2e/server.ts); a file
					// that writes starts a server of its own (tests/e2e/app.ts). Each is on a free
					// port over its own temp folders, so files, and whole runs, go side by side.
					globalSetup: ['tests/e2e/server.ts'],
					// Safety caps for a loaded machine, not budgets: a test's budget is a count.
					testTimeout: 120_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
