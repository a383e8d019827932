/**
 * The engine: normalizing (find every correction, build the normalized text) with glossaries of
 * 1k, 10k and 50k variants, on the cold corpora and (`.warm`) the warm ones, next to the
 * baselines every program pays (`indexOf`, `toLowerCase`) and on the dense texts. First it
 * checks that the engine and the naive baseline agree.
 */
import { buildDocument } from '../../src/lib/document/mark';
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import { sink, throughput, timeInterleaved } from '../measure';
import { checkAgainstNaive, engineNormalize } from '../naive';
import { loadWithSynthetic, toOneByte, type Corpus } from '../workload';
import { count, record, type Phase } from './phase';
import { DENSE_LINE, DENSE_TURNS, GLOSSARY_SIZES } from './workload';

/** buildDocument's correction count: the one place the bench builds a whole document. */
export function documentCorrections(
	text: string,
	matcher: GlossaryMatcher,
	transcript?: string
): number {
	return buildDocument(text, matcher, transcript ? { transcript } : {}).corrections;
}

export const enginePhase: Phase = {
	name: 'engine',
	steps: 2,
	figures: [
		'baseline.indexOf',
		'baseline.toLowerCase',
		...GLOSSARY_SIZES.flatMap((g) => [`engine.${g}.1mb`, `engine.${g}.1mb.warm`]),
		'engine.50k.10mb',
		'engine.50k.10mb.warm',
		'baseline.toLowerCase.onebyte',
		'engine.50k.1mb.onebyte',
		'normalize.dense',
		'normalize.dense.turns',
		'document.dense.turns'
	],
	async run(ctx, w) {
		const { config } = ctx;
		ctx.progress(
			'correctness: engine and naive baseline agree (synthetic 50k glossary, no overlaps)'
		);
		const syntheticOnly = loadWithSynthetic([], w.synthetic);
		const checked = checkAgainstNaive(new GlossaryMatcher(syntheticOnly), syntheticOnly, w.slice);
		ctx.detail(`same normalized text, ${count(checked)} corrections`);
		const m50k = w.matchers.get('50k')!;
		const denseFound = engineNormalize(m50k, w.dense.text);
		if (denseFound.corrections !== config.dense.line || denseFound.normalized.includes('boat')) {
			throw new Error(
				`the dense text should have ${config.dense.line} corrections, one per ${JSON.stringify(DENSE_LINE)}; found ${denseFound.corrections}`
			);
		}
		ctx.detail(`dense text: ${count(denseFound.corrections)} corrections, one per garble`);

		ctx.progress(
			'engine throughput, cold and warm corpora, next to the baselines (interleaved rounds)'
		);
		const { small, large } = w.cold;
		const oneByte = toOneByte(small);
		const normalizing = (name: string, text: Corpus, matcher: GlossaryMatcher, note?: string) => ({
			name,
			text,
			run: () => (sink.value += engineNormalize(matcher, text.text).corrections),
			note
		});
		const warmNote = (cold: string) =>
			`${cold} on the warm corpus of the same size (the seeds' 72 KB of vocabulary repeated)`;
		const cases: { name: string; text: Corpus; run: () => void; note?: string }[] = [
			{
				name: 'baseline.indexOf',
				text: small,
				run: () => (sink.value += small.text.indexOf('\u0001zq#'))
			},
			{
				name: 'baseline.toLowerCase',
				text: small,
				run: () => (sink.value += small.text.toLowerCase().length)
			},
			...GLOSSARY_SIZES.flatMap((g) => [
				normalizing(`engine.${g}.1mb`, small, w.matchers.get(g)!),
				normalizing(
					`engine.${g}.1mb.warm`,
					w.warm.small,
					w.matchers.get(g)!,
					warmNote(`engine.${g}.1mb`)
				)
			]),
			normalizing('engine.50k.10mb', large, m50k),
			normalizing('engine.50k.10mb.warm', w.warm.large, m50k, warmNote('engine.50k.10mb')),
			// V8 keeps the corpus as a two-byte string (it has ’ and CJK characters), where
			// toLowerCase is slower than on one-byte text; these two show the one-byte case too.
			{
				name: 'baseline.toLowerCase.onebyte',
				text: oneByte,
				run: () => (sink.value += oneByte.text.toLowerCase().length)
			},
			normalizing('engine.50k.1mb.onebyte', oneByte, m50k),
			// The worst case: a correction every 15 bytes, through the same path as engine.*.
			normalizing(
				'normalize.dense',
				w.dense,
				m50k,
				`the engine's path of engine.* (find every correction, build the normalized text) with the 50k glossary, on ${JSON.stringify(DENSE_LINE)} × ${count(config.dense.line)}: one correction (→ Meng Wanzhou) every ${DENSE_LINE.length} bytes`
			),
			normalizing(
				'normalize.dense.turns',
				w.denseTurns,
				m50k,
				`as normalize.dense, on ${JSON.stringify(DENSE_TURNS)} × ${count(config.dense.turns)}`
			),
			{
				name: 'document.dense.turns',
				text: w.denseTurns,
				run: () => (sink.value += documentCorrections(w.denseTurns.text, m50k)),
				note: `the text of normalize.dense.turns through buildDocument (parse, then normalize each of its ${count(config.dense.turns * 2)} one-line turns), 50k glossary`
			}
		];
		const times = timeInterleaved(cases, config);
		for (const c of cases) {
			const f = record(ctx, c.name, throughput(c.text.bytes, times.get(c.name)!), 'MB/s', c.note);
			ctx.detail(`${c.name}: ${f.median.toFixed(1)} MB/s`);
		}
	}
};
