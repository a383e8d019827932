/**
 * The flag checks (rules, repeated words, unknown names) per paragraph, next to normalizing the
 * same paragraphs (the matcher has no cache), on the Lu Kang interview and the 10 MB corpus.
 * Cold (the figures without a suffix, the targets'): a checker with empty caches for every
 * timed run, on the cold corpus. Warm (`.warm`): caches filled by an untimed pass over the same
 * text just before, on the warm corpus (the interview: the same text).
 */
import path from 'node:path';
import { sink, throughput, timeInterleaved, type Case } from '../measure';
import {
	checkAgainstDocument,
	flagAll,
	flagWorkload,
	loadChecker,
	normalizeAll,
	type FlagWorkload
} from '../flags';
import type { QualityChecker } from '../../src/lib/flags/checks';
import { count, record, type Phase } from './phase';
import { READER_SLUG } from './workload';

export const flagsPhase: Phase = {
	name: 'flags',
	steps: 1,
	figures: [
		'flags.lukang',
		'flags.lukang.warm',
		'normalize.lukang',
		'flags.10mb',
		'flags.10mb.warm',
		'normalize.10mb',
		'normalize.10mb.warm'
	],
	async run(ctx, w) {
		ctx.progress(
			'flags: every flag check per paragraph, cold and warm, next to normalizing the same paragraphs'
		);
		const { checker, fresh, rules, files } = await loadChecker(
			path.join(ctx.root, 'rules'),
			w.real
		);
		const matcher = w.realMatcher;
		// Parsed and matched once, outside the timing: each paragraph with its corrections.
		const lukang = flagWorkload(w.lukang, matcher, READER_SLUG);
		const corpus = flagWorkload(w.cold.large.text, matcher);
		const corpusWarm = flagWorkload(w.warm.large.text, matcher);
		const flagCounts = {
			lukang: checkAgainstDocument(w.lukang, matcher, checker, lukang),
			'10mb': flagAll(checker, corpus),
			'10mb.warm': flagAll(checker, corpusWarm)
		};
		const cold = (name: string, text: FlagWorkload): Case => {
			let current: QualityChecker | undefined;
			return {
				name,
				prepare: () => (current = fresh()),
				run: () => (sink.value += flagAll((current ??= fresh()), text))
			};
		};
		const warm = (name: string, text: FlagWorkload): Case => ({
			name,
			prepare: () => (sink.value += flagAll(checker, text)),
			run: () => (sink.value += flagAll(checker, text))
		});
		const normalize = (name: string, text: FlagWorkload): Case => ({
			name,
			run: () => (sink.value += normalizeAll(matcher, text))
		});
		const times = timeInterleaved(
			[
				cold('flags.lukang', lukang),
				warm('flags.lukang.warm', lukang),
				normalize('normalize.lukang', lukang),
				cold('flags.10mb', corpus),
				warm('flags.10mb.warm', corpusWarm),
				normalize('normalize.10mb', corpus),
				normalize('normalize.10mb.warm', corpusWarm)
			],
			ctx.config
		);
		const micro = (name: string) => times.get(name)!.map((t) => t * 1000);
		const speed = (name: string, bytes: number) => throughput(bytes, times.get(name)!);
		const what = `checker.flags(raw, offset, corrections) over the ${lukang.paragraphs.length} paragraphs of the interview (${flagCounts.lukang} flags; ${rules} rules of rules/ plus the repeated-word and unknown-name checks), parsed and matched beforehand, real glossary`;
		record(
			ctx,
			'flags.lukang',
			micro('flags.lukang'),
			'µs',
			`${what}; a checker with empty caches each run`
		);
		record(
			ctx,
			'flags.lukang.warm',
			micro('flags.lukang.warm'),
			'µs',
			`${what}; caches filled by a pass over the interview just before`
		);
		record(
			ctx,
			'normalize.lukang',
			micro('normalize.lukang'),
			'µs',
			'matcher.find + applyCorrections over the same paragraphs, real glossary, timed in the same rounds as flags.lukang'
		);
		record(
			ctx,
			'flags.10mb',
			speed('flags.10mb', w.cold.large.bytes),
			'MB/s',
			`flags.lukang's loop over the ${count(corpus.paragraphs.length)} paragraphs of the cold 10 MB corpus (${count(flagCounts['10mb'])} flags), each with its corrections from the real glossary, a checker with empty caches each run; per byte of the corpus`
		);
		record(
			ctx,
			'flags.10mb.warm',
			speed('flags.10mb.warm', w.warm.large.bytes),
			'MB/s',
			`the same over the ${count(corpusWarm.paragraphs.length)} paragraphs of the warm 10 MB corpus (${count(flagCounts['10mb.warm'])} flags), caches filled by a pass over it just before`
		);
		record(
			ctx,
			'normalize.10mb',
			speed('normalize.10mb', w.cold.large.bytes),
			'MB/s',
			'matcher.find + applyCorrections over the paragraphs of flags.10mb, real glossary, timed in the same rounds'
		);
		record(
			ctx,
			'normalize.10mb.warm',
			speed('normalize.10mb.warm', w.warm.large.bytes),
			'MB/s',
			'the same over the paragraphs of flags.10mb.warm'
		);
		ctx.detail(
			`${rules} rules (${files.join(', ')}); ${flagCounts.lukang} flags in the interview, ${count(flagCounts['10mb'])} in the cold 10 MB corpus, ${count(flagCounts['10mb.warm'])} in the warm one`
		);
		const f = (name: string, digits: number) => ctx.figures[name]!.median.toFixed(digits);
		ctx.detail(
			`interview: flags ${f('flags.lukang', 0)} µs cold, ${f('flags.lukang.warm', 0)} µs warm, normalize ${f('normalize.lukang', 0)} µs`
		);
		ctx.detail(
			`10 MB: flags ${f('flags.10mb', 1)} MB/s cold, ${f('flags.10mb.warm', 1)} MB/s warm; normalize ${f('normalize.10mb', 1)} and ${f('normalize.10mb.warm', 1)} MB/s`
		);
		const summary = (x: FlagWorkload, flags: number) => ({
			paragraphs: x.paragraphs.length,
			bytes: x.bytes,
			corrections: x.corrections,
			flags
		});
		ctx.workload.flags = {
			rules,
			lukang: summary(lukang, flagCounts.lukang),
			'10mb': summary(corpus, flagCounts['10mb']),
			'10mb.warm': summary(corpusWarm, flagCounts['10mb.warm']),
			note: "paragraphs as markDocument parses them (labels left out), corrections from the real glossary; bytes are the paragraphs' own"
		};
	}
};
