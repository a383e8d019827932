/**
 * The suggester per paragraph (the same paragraphs as the flag checks'), next to normalizing
 * them; its memory with its caches filled, and its start-up. Cold (no suffix, the targets'): a
 * new suggester for every timed run, on the cold corpus. Warm (`.warm`): one suggester kept
 * from the warm-up on, on the warm corpus (the interview: the same text).
 */
import type { Suggester } from '../../src/lib/suggest/suggester';
import { flagWorkload, normalizeAll, type FlagWorkload } from '../flags';
import { sink, throughput, timeInterleaved, type Case } from '../measure';
import { makeSuggester, suggestAll, suggesterMemory, suggesterStartup } from '../suggest';
import { count, record, type Phase } from './phase';
import { READER_SLUG } from './workload';

export const suggestPhase: Phase = {
	name: 'suggest',
	steps: 1,
	figures: [
		'suggest.lukang',
		'suggest.lukang.warm',
		'suggest.1mb',
		'suggest.1mb.warm',
		'normalize.1mb',
		'normalize.1mb.warm',
		'suggest.memory',
		'suggest.startup'
	],
	async run(ctx, w) {
		const { config } = ctx;
		ctx.progress('suggest: the suggester per paragraph, cold and warm, next to normalizing them');
		const matcher = w.realMatcher;
		const lukang = flagWorkload(w.lukang, matcher, READER_SLUG);
		const corpus = flagWorkload(w.cold.small.text, matcher);
		const corpusWarm = flagWorkload(w.warm.small.text, matcher);
		const kept = makeSuggester(w.real);
		// A new suggester is made outside the timing before each run; one warm-up call is enough
		// for the code (the warm cases run the same code), and a cold pass takes long.
		const cold = (name: string, text: FlagWorkload): Case => {
			let current: Suggester | undefined;
			return {
				name,
				warmup: Math.min(1, config.warmup),
				prepare: () => (current = makeSuggester(w.real)),
				run: () => (sink.value += suggestAll((current ??= makeSuggester(w.real)), text))
			};
		};
		const warm = (name: string, text: FlagWorkload): Case => ({
			name,
			run: () => (sink.value += suggestAll(kept, text))
		});
		const normalize = (name: string, text: FlagWorkload): Case => ({
			name,
			run: () => (sink.value += normalizeAll(matcher, text))
		});
		const times = timeInterleaved(
			[
				cold('suggest.lukang', lukang),
				warm('suggest.lukang.warm', lukang),
				warm('suggest.1mb.warm', corpusWarm),
				normalize('normalize.1mb.warm', corpusWarm)
			],
			config
		);
		// A cold pass over 1 MB takes seconds: fewer runs, in rounds with its own baseline.
		const coldTimes = timeInterleaved(
			[cold('suggest.1mb', corpus), normalize('normalize.1mb', corpus)],
			{ ...config, runs: config.coldRuns }
		);
		for (const [name, values] of coldTimes) times.set(name, values);
		const speed = (name: string, bytes: number) => throughput(bytes, times.get(name)!);
		const what = `suggester.find(raw, { offset, transcript, corrections }) over the ${lukang.paragraphs.length} paragraphs of the interview, real glossary`;
		record(
			ctx,
			'suggest.lukang',
			times.get('suggest.lukang')!,
			'ms',
			`${what}; a new suggester each run`
		);
		record(
			ctx,
			'suggest.lukang.warm',
			times.get('suggest.lukang.warm')!,
			'ms',
			`${what}; one suggester, its caches filled by the warm-up`
		);
		record(
			ctx,
			'suggest.1mb',
			speed('suggest.1mb', w.cold.small.bytes),
			'MB/s',
			`the same loop over the ${count(corpus.paragraphs.length)} paragraphs of the cold 1 MB corpus, a new suggester each run (${config.coldRuns} runs, interleaved with normalize.1mb only); per byte of the corpus`
		);
		record(
			ctx,
			'suggest.1mb.warm',
			speed('suggest.1mb.warm', w.warm.small.bytes),
			'MB/s',
			`the same over the ${count(corpusWarm.paragraphs.length)} paragraphs of the warm 1 MB corpus, one suggester, its caches filled by the warm-up`
		);
		record(
			ctx,
			'normalize.1mb',
			speed('normalize.1mb', w.cold.small.bytes),
			'MB/s',
			'matcher.find + applyCorrections over the paragraphs of suggest.1mb, timed in the same rounds (coldRuns of them)'
		);
		record(
			ctx,
			'normalize.1mb.warm',
			speed('normalize.1mb.warm', w.warm.small.bytes),
			'MB/s',
			'the same over the paragraphs of suggest.1mb.warm'
		);
		record(
			ctx,
			'suggest.memory',
			await suggesterMemory(w.real, corpus, config.suggest.memory),
			'MB',
			'heap used + external after minus before, after a full GC: the suggester for the real glossary, its caches filled by the cold 1 MB corpus'
		);
		record(
			ctx,
			'suggest.startup',
			suggesterStartup(ctx.root, w.real, config.suggest.startups),
			'ms',
			'read and parse the CC-CEDICT subset, index it, build the suggester for the real glossary: fresh objects each time'
		);
		const f = (name: string, digits: number) => ctx.figures[name]!.median.toFixed(digits);
		ctx.detail(
			`interview ${f('suggest.lukang', 1)} ms cold, ${f('suggest.lukang.warm', 1)} ms warm; 1 MB ${f('suggest.1mb', 2)} MB/s cold, ${f('suggest.1mb.warm', 2)} MB/s warm (normalize ${f('normalize.1mb', 1)}, ${f('normalize.1mb.warm', 1)} MB/s); ${f('suggest.memory', 1)} MB; start-up ${f('suggest.startup', 0)} ms`
		);
	}
};
