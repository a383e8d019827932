/**
 * The scripts one would write without the engine, with the 50k glossary: the naive loop (one
 * RegExp replace per variant) and one alternation of every variant, as written first (`giu`,
 * the engine's word boundaries) and after measuring it (`gi`, `\b`), on the same slice of the
 * cold 1 MB corpus and reported per MB (all are linear in the text): the naive loop and the
 * ASCII alternation in the same rounds as the engine, the Unicode alternation, thousands of
 * times slower, in its own runs after them on the first KB. First: all of them give the
 * engine's text on a glossary where all are defined.
 */
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import { sink, throughput, timeInterleaved } from '../measure';
import {
	alternationNormalize,
	alternationRule,
	checkAgainstAlternation,
	engineNormalize,
	naiveNormalize,
	naiveRules
} from '../naive';
import { loadWithSynthetic, PLANTED_ENTRIES, sliceAtParagraph } from '../workload';
import { count, record, type Phase } from './phase';

/** The alternation's correctness check runs on this much of the slice: it is slow. */
const CHECK_BYTES = 4_096;

export const baselinesPhase: Phase = {
	name: 'baselines',
	steps: 1,
	figures: ['naive.50k', 'alternation.50k', 'alternation.50k.ascii', 'engine.50k.slice'],
	async run(ctx, w) {
		const { config } = ctx;
		const g50k = w.glossaries.get('50k')!;
		const variants = count(config.variants['50k']);
		ctx.progress(
			`baselines: one RegExp replace per variant, and one alternation of all ${variants} variants`
		);
		const planted = loadWithSynthetic([], w.synthetic.slice(0, PLANTED_ENTRIES));
		const checkText = sliceAtParagraph(w.slice, CHECK_BYTES);
		const checked = checkAgainstAlternation(new GlossaryMatcher(planted), planted, checkText);
		ctx.detail(`alternations give the engine's text (${count(checked)} corrections)`);

		const m50k = w.matchers.get('50k')!;
		const rules = naiveRules(g50k);
		const alternation = alternationRule(g50k);
		const ascii = alternationRule(g50k, { unicode: false });
		const altText = sliceAtParagraph(w.slice, config.alternationSlice);
		const altBytes = Buffer.byteLength(altText);
		const times = timeInterleaved(
			[
				{ name: 'naive', run: () => (sink.value += naiveNormalize(w.slice, rules).length) },
				{
					name: 'engine',
					run: () => (sink.value += engineNormalize(m50k, w.slice).corrections)
				},
				{
					name: 'ascii',
					run: () => (sink.value += alternationNormalize(w.slice, ascii).length)
				}
			],
			{ runs: config.naiveRuns, warmup: 1, minRunMs: config.minRunMs }
		);
		// The Unicode alternation alone, after the others: interleaved with them it made the
		// engine's runs swing 15× (its native code and garbage), and at thousands of times the
		// engine's time, side by side adds nothing. V8 compiles a RegExp to machine code after its
		// first use: that is done on a short text, not on a warm-up run as long as a timed one.
		for (let i = 0; i < 2; i++) sink.value += alternationNormalize('Warm up.', alternation).length;
		const alone = timeInterleaved(
			[
				{
					name: 'alternation',
					run: () => (sink.value += alternationNormalize(altText, alternation).length)
				}
			],
			{ runs: config.naiveRuns, warmup: 0, minRunMs: 0 }
		);
		times.set('alternation', alone.get('alternation')!);
		const per = (bytes: number, name: string) => throughput(bytes, times.get(name)!);
		record(
			ctx,
			'naive.50k',
			per(w.sliceBytes, 'naive'),
			'MB/s',
			`${count(rules.length)} RegExps (flags gi, compiled beforehand) over a ${count(w.sliceBytes)}-byte slice of the cold 1 MB corpus; per MB, as it is linear in text`
		);
		record(
			ctx,
			'alternation.50k',
			per(altBytes, 'alternation'),
			'MB/s',
			`one RegExp of the ${variants} variants, longest first (flags giu, the engine's word boundaries (?<![\\p{L}\\p{M}\\p{N}]) and (?!…)), compiled beforehand, replacing each match by its canonical name, over the first ${count(altBytes)} bytes of the naive slice; per MB`
		);
		record(
			ctx,
			'alternation.50k.ascii',
			per(w.sliceBytes, 'ascii'),
			'MB/s',
			"the same alternation with flags gi and \\b (ASCII word boundaries: wrong next to accented letters), over the naive baseline's slice"
		);
		record(
			ctx,
			'engine.50k.slice',
			per(w.sliceBytes, 'engine'),
			'MB/s',
			"the engine on the naive baseline's slice, in the same rounds"
		);
		for (const name of [
			'naive.50k',
			'alternation.50k',
			'alternation.50k.ascii',
			'engine.50k.slice'
		]) {
			ctx.detail(`${name}: ${ctx.figures[name]!.median.toPrecision(3)} MB/s`);
		}
	}
};
