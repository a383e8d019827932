/**
 * The reader page: its server render next to the floor app's and a plain server's, and the
 * JavaScript it loads next to the smallest page's (bench/web.ts measures them).
 */
import { FLOOR_DIR, measureWeb } from '../web';
import { markAbsent, type Phase } from './phase';
import { READER_SLUG } from './workload';

const FLOOR_FIGURES = ['ssr.floor.p50', 'ssr.floor.p95', 'ssr.floor.p50.long', 'html.floor'];
const FIGURES = [
	'ssr.reader.p50',
	'ssr.reader.p95',
	'ssr.plain.p50',
	'ssr.plain.p95',
	'ssr.reader.p50.long',
	'ssr.plain.p50.long',
	'html.reader',
	'js.reader.gzip',
	'js.smallest.gzip',
	...FLOOR_FIGURES
];

export const webPhase: Phase = {
	name: 'web',
	steps: 1,
	needsBuild: true,
	figures: FIGURES,
	async run(ctx) {
		ctx.progress(`reader page: server render and client JavaScript of /t/${READER_SLUG}`);
		const builds = ctx.builds ?? { appMissing: 'no build step ran' };
		if (builds.appMissing) {
			markAbsent(ctx, FIGURES, builds.appMissing);
			ctx.detail(`skipped: ${builds.appMissing}`);
			return;
		}
		try {
			const web = await measureWeb({
				root: ctx.root,
				page: `/t/${READER_SLUG}`,
				...ctx.config.web,
				floor: builds.floorMissing ? undefined : FLOOR_DIR,
				log: ctx.detail
			});
			Object.assign(ctx.figures, web.figures);
			if (builds.floorMissing) {
				markAbsent(ctx, FLOOR_FIGURES, builds.floorMissing);
				ctx.detail(`floor skipped: ${builds.floorMissing}`);
			}
			for (const p of web.pages) {
				ctx.detail(
					`JS of ${p.path}: ${(p.gzipBytes / 1000).toFixed(1)} KB gzip in ${p.scripts} scripts`
				);
			}
		} catch (error) {
			const reason = `reader page not measured: ${(error as Error).message}`;
			markAbsent(ctx, FIGURES, reason);
			ctx.detail(reason);
		}
	}
};
