/**
 * The parser on the Lu Kang interview and on the cold 10 MB corpus, and buildDocument (parse and
 * normalize every paragraph) on the interview.
 */
import { speakerLookup } from '../../src/lib/document/mark';
import { parseTranscript } from '../../src/lib/document/parse';
import { prepareText } from '../../src/lib/text/prepare';
import { sink, throughput, timeInterleaved } from '../measure';
import { documentCorrections } from './engine';
import { record, type Phase } from './phase';
import { READER_SLUG } from './workload';

export const parsePhase: Phase = {
	name: 'parse',
	steps: 1,
	figures: ['parse.lukang', 'parse.corpus', 'document.lukang'],
	async run(ctx, w) {
		ctx.progress('parse: the Lu Kang interview and the cold 10 MB corpus');
		const lookup = speakerLookup(w.real);
		const large = w.cold.large;
		const times = timeInterleaved(
			[
				{
					name: 'lukang',
					run: () => (sink.value += parseTranscript(prepareText(w.lukang), lookup).blocks.length)
				},
				{
					name: 'corpus',
					run: () => (sink.value += parseTranscript(prepareText(large.text), lookup).blocks.length)
				},
				{
					name: 'document',
					run: () => (sink.value += documentCorrections(w.lukang, w.realMatcher, READER_SLUG))
				}
			],
			ctx.config
		);
		const micro = (ms: number[]) => ms.map((t) => t * 1000);
		const lukang = record(
			ctx,
			'parse.lukang',
			micro(times.get('lukang')!),
			'µs',
			'prepareText + parseTranscript of the 56 KB interview'
		);
		const corpus = record(
			ctx,
			'parse.corpus',
			throughput(large.bytes, times.get('corpus')!),
			'MB/s'
		);
		record(
			ctx,
			'document.lukang',
			micro(times.get('document')!),
			'µs',
			'buildDocument: parse and normalize every paragraph, real glossary'
		);
		ctx.detail(`parse ${lukang.median.toFixed(0)} µs, ${corpus.median.toFixed(1)} MB/s`);
	}
};
