import { describe, expect, it } from 'vitest';
import { findLabelAnomalies } from '../../src/lib/flags/label-anomalies';
import { markDocument } from '../../src/lib/document/mark';
import { parseTranscript } from '../../src/lib/document/parse';
import { LU_KANG, realMatcher, transcript, transcripts } from '../helpers';

const anomalies = (text: string) => {
	const parsed = parseTranscript(text);
	return findLabelAnomalies(parsed.blocks, parsed.speakers).map((f) => ({
		rule: f.rule,
		severity: f.severity,
		actual: f.actual,
		at: text.slice(f.start, f.end)
	}));
};

describe('label anomalies', () => {
	it('flags a label that differs from another speaker’s only by spelling', () => {
		const text = [
			'Q: One?',
			'Zhao Lijian: Yes.',
			'Q: Two?',
			'Zhao Lijian: Yes.',
			'Q: Three?',
			'Zhao Lijan: Yes.',
			'Q: Four?'
		].join('\n');
		expect(anomalies(text)).toEqual([
			{
				rule: 'label-anomaly/spelling',
				severity: 'warning',
				actual: 'Zhao Lijan',
				at: 'Zhao Lijan'
			}
		]);
	});

	it('flags a name used for one turn in an interview between two people', () => {
		const pairs = Array.from({ length: 5 }, () => 'Nathan: Question?\nLu Kang: Answer.');
		const text = [...pairs, 'Vandr Hull: And?', 'Lu Kang: Answer.'].join('\n');
		expect(anomalies(text)).toEqual([
			{ rule: 'label-anomaly/one-off', severity: 'info', actual: 'Vandr Hull', at: 'Vandr Hull' }
		]);
	});

	it('leaves a press conference alone: each outlet asks once', () => {
		const text = [
			'Zhao Lijian: Good afternoon.',
			'CCTV: A question.',
			'Zhao Lijian: An answer.',
			'Reuters: A question.',
			'Zhao Lijian: An answer.',
			'AFP: A question.',
			'Zhao Lijian: An answer.'
		].join('\n');
		expect(anomalies(text)).toEqual([]);
	});

	it.each(transcripts())('$slug: no anomaly in the real transcripts', ({ slug, text }) => {
		const doc = markDocument(text, realMatcher(), { transcript: slug });
		const parsed = { blocks: doc.blocks, speakers: doc.speakers };
		expect(findLabelAnomalies(parsed.blocks, parsed.speakers)).toEqual([]);
		if (slug === LU_KANG) expect(transcript(LU_KANG)).toContain('Vander Hill:');
	});
});
