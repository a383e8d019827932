/**
 * Building the matcher for the 50k glossary, next to loading the same glossary from YAML, and
 * the memory the matcher takes.
 */
import { GlossaryMatcher } from '../../src/lib/glossary/matcher';
import { memoryOf, sink, timeInterleaved } from '../measure';
import { glossaryFiles, loadFiles, VARIANTS_PER_ENTRY } from '../workload';
import { count, record, type Phase } from './phase';

export const compilePhase: Phase = {
	name: 'compile',
	steps: 1,
	figures: ['compile.50k', 'load.50k', 'matcher.memory.50k'],
	async run(ctx, w) {
		const { config } = ctx;
		ctx.progress(
			`compile: building the matcher from ${count(config.variants['50k'])} variants, next to loading them`
		);
		const g50k = w.glossaries.get('50k')!;
		const files = glossaryFiles(
			w.realFiles,
			w.synthetic.slice(0, config.variants['50k'] / VARIANTS_PER_ENTRY)
		);
		const times = timeInterleaved(
			[
				{ name: 'compile', run: () => (sink.value += new GlossaryMatcher(g50k).nodeCount) },
				{ name: 'load', run: () => (sink.value += loadFiles(files).length) }
			],
			{
				runs: config.runs,
				warmup: config.mode === 'full' ? 2 : Math.min(1, config.warmup),
				minRunMs: 0
			}
		);
		const compile = record(
			ctx,
			'compile.50k',
			times.get('compile')!,
			'ms',
			'new GlossaryMatcher(entries) for the 50k glossary (synthetic plus real), entries already loaded'
		);
		const load = record(
			ctx,
			'load.50k',
			times.get('load')!,
			'ms',
			`loadGlossary (YAML parse and validation) of the same glossary: the real files plus one synthetic file of ${(files.at(-1)!.text.length / 1e6).toFixed(2)} MB, text already read`
		);
		const memory = record(
			ctx,
			'matcher.memory.50k',
			await memoryOf(() => new GlossaryMatcher(g50k), config.matcherMemory),
			'MB',
			'heap used + external (typed arrays) after minus before, after a full GC'
		);
		ctx.detail(
			`compile ${compile.median.toFixed(1)} ms, load ${load.median.toFixed(1)} ms, ${memory.median.toFixed(1)} MB`
		);
	}
};
