/**
 * The archive (issue #18): generate it (or reuse it), then in interleaved rounds index it
 * (`archive.index`, indexArchive) and build its documents without writing them (`archive.build`)
 * on as many workers; then its servers (bench/archive-web.ts), which need the app's build.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { loadQualityRules } from '../../src/lib/flags/checks';
import { readYamlFiles } from '../../src/lib/server/yaml-folder';
import { buildArchive } from '../archive-build';
import { archiveDir, generateArchive, indexOnce } from '../archive';
import { measureArchiveWeb } from '../archive-web';
import { count, markAbsent, record, type Phase } from './phase';

/** Figures of the archive's servers (bench/archive-web.ts). */
export const ARCHIVE_WEB = [
	'archive.start',
	'library.p50.10k',
	'library.p50.5',
	'mentions.p50',
	'fts.p50',
	'server.memory.start',
	'server.memory.browse',
	'cache.limit'
];

export const archivePhase: Phase = {
	name: 'archive',
	steps: 2,
	needsBuild: true,
	figures: ['archive.index', 'archive.build', ...ARCHIVE_WEB],
	async run(ctx, w) {
		const a = ctx.config.archive;
		ctx.progress(
			`archive: ${count(a.count)} transcripts generated from the seeds; indexArchive and building alone, ${a.workers} worker${a.workers > 1 ? 's' : ''}, ${a.indexRuns} round${a.indexRuns > 1 ? 's' : ''}`
		);
		const archive = await generateArchive(
			archiveDir(a.count),
			a.count,
			path.join(ctx.root, 'transcripts'),
			w.real
		);
		ctx.detail(
			`${archive.reused ? 'reused' : `generated in ${(archive.ms / 1000).toFixed(1)} s`}: ${archive.dir}, ${count(archive.transcripts)} transcripts, ${(archive.bytes / 1e6).toFixed(1)} MB of text; ${count(archive.entity.mentions)} mentions of ${archive.entity.canonical} in ${count(archive.entity.transcripts)} transcripts; "${archive.word.text}" ${count(archive.word.occurrences)} times`
		);
		const info: Record<string, unknown> = {
			...archive,
			generateMs: archive.ms,
			note: "bench/archive.ts: transcript n is fresh copy n of seed (n - 1) % 5 (bench/workload.ts, freshCopier: names re-garbled or stood in, ordinary words swapped) with varied metadata; bytes are the .txt files'; entity mentions count the canonical name and the variants as the matcher finds them (the index also counts surnames alone and leaves out speaker labels)"
		};
		delete info.ms;
		ctx.workload.archive = info;

		const rules = loadQualityRules(await readYamlFiles(path.join(ctx.root, 'rules')));
		if (rules.problems.length) throw new Error(`rules/: ${JSON.stringify(rules.problems[0])}`);
		const engine = {
			fingerprint: 'bench',
			entries: w.real,
			rules: { rules: rules.rules, repetitions: rules.repetitions }
		};
		let dataDir: string | undefined;
		try {
			const index: number[] = [];
			const build: number[] = [];
			for (let round = 0; round < a.indexRuns; round++) {
				if (dataDir) await rm(dataDir, { recursive: true, force: true });
				dataDir = undefined;
				const indexed = await indexOnce(archive, { root: ctx.root, workers: a.workers });
				dataDir = indexed.dataDir;
				index.push(archive.bytes / 1e6 / indexed.seconds);
				info.indexed = { transcripts: indexed.transcripts, bytes: indexed.bytes };
				const built = await buildArchive({
					transcriptsDir: archive.dir,
					engine,
					workers: a.workers
				});
				if (built.transcripts !== archive.transcripts) {
					throw new Error(`built ${built.transcripts} of ${archive.transcripts} transcripts`);
				}
				build.push(archive.bytes / 1e6 / built.seconds);
				ctx.detail(
					`round ${round + 1}/${a.indexRuns}: index ${indexed.seconds.toFixed(2)} s (${index.at(-1)!.toFixed(2)} MB/s), build alone ${built.seconds.toFixed(2)} s (${build.at(-1)!.toFixed(2)} MB/s)`
				);
			}
			const what = `the ${count(archive.transcripts)}-transcript archive, ${(archive.bytes / 1e6).toFixed(1)} MB of .txt, in this process with ${a.workers} worker${a.workers > 1 ? 's' : ''}; .txt bytes / wall-clock seconds of the call`;
			record(
				ctx,
				'archive.index',
				index,
				'MB/s',
				`indexArchive (read, parse, normalize, flag, index rows, SQLite writes with FTS5) of ${what}, into a fresh data folder each run`
			);
			record(
				ctx,
				'archive.build',
				build,
				'MB/s',
				`the same documents built as indexArchive's workers build them (read, buildDocument: parse, normalize, flags) and not written, bench/archive-build.ts, of ${what}; timed in the same rounds as archive.index`
			);
		} catch (error) {
			const reason = `indexing or building failed: ${(error as Error).message}`;
			markAbsent(ctx, archivePhase.figures, reason);
			ctx.detail(reason);
		}

		try {
			ctx.progress('archive server: start, library, mentions and full-text search, memory');
			const reason =
				(dataDir ? undefined : 'no index: indexArchive failed') ??
				ctx.builds?.appMissing ??
				(ctx.builds ? undefined : 'no build step ran');
			if (reason || !dataDir) {
				markAbsent(ctx, ARCHIVE_WEB, reason ?? 'no index');
				ctx.detail(`skipped: ${reason}`);
				return;
			}
			const web = await measureArchiveWeb({
				root: ctx.root,
				archive,
				dataDir,
				cacheMb: a.cacheMb,
				starts: a.starts,
				rounds: a.rounds,
				requestsPerRound: a.requestsPerRound,
				warmup: a.warmup,
				browse: a.browse,
				settleMs: a.settleMs,
				log: ctx.detail
			});
			Object.assign(ctx.figures, web.figures);
			info.web = web.info;
		} catch (error) {
			const reason = `archive server not measured: ${(error as Error).message}`;
			markAbsent(ctx, ARCHIVE_WEB, reason);
			ctx.detail(reason);
		} finally {
			if (dataDir) await rm(dataDir, { recursive: true, force: true });
		}
	}
};
