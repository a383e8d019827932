/**
 * The production builds the page phases start: the app (`vite build` into build/) and the floor
 * app (bench/floor/build/). Says what is missing, and why, instead of failing the run.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildFloor, hasBuild, hasFloorBuild } from '../web';
import type { Builds, RunContext } from './phase';

/**
 * - make: build the app, and the floor app when `floor`;
 * - existing: use build/ as it is; the floor app is built when `floor` and it is missing;
 * - none: no build at all, whatever the working tree holds (the unit test): the page figures
 *   are absent.
 */
export type BuildMode = 'make' | 'existing' | 'none';

export function prepareBuilds(ctx: RunContext, mode: BuildMode, floor: boolean): Builds {
	if (mode === 'none') {
		ctx.progress('production builds: none in this run');
		const reason = 'no production build in this run (run with builds)';
		return { appMissing: reason, floorMissing: reason };
	}
	ctx.progress(
		mode === 'make'
			? `production builds: the app${floor ? ' and the floor app' : ''} (vite build)`
			: `production builds: using the existing build/${floor ? ' and bench/floor/build/' : ''}`
	);
	const quick = ctx.config.mode === 'full' ? '' : `; skipped in ${ctx.config.mode} mode`;
	let appMissing: string | undefined;
	if (mode === 'make') {
		try {
			execFileSync(
				process.execPath,
				[path.join(ctx.root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
				{ cwd: ctx.root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 }
			);
		} catch (error) {
			appMissing = `vite build failed: ${failure(error)}`;
		}
	}
	appMissing ??= hasBuild(ctx.root) ? undefined : `no build/ (run \`npx vite build\`)${quick}`;
	let floorMissing: string | undefined;
	if (floor && (mode === 'make' || !hasFloorBuild())) {
		try {
			buildFloor(ctx.root);
			ctx.detail('floor app built into bench/floor/build/');
		} catch (error) {
			floorMissing = `floor app build failed: ${failure(error)}`;
		}
	}
	floorMissing ??= hasFloorBuild()
		? undefined
		: `no bench/floor/build/ (\`npm run bench\` builds it)${quick}`;
	return { appMissing, floorMissing };
}

function failure(error: unknown): string {
	return String((error as { stderr?: Buffer }).stderr ?? error).slice(-500);
}
