import { editDistance } from '../text/edit-distance';
import { compactLabel, isStandardLabel } from '../document/speaker-labels';
import type { MarkedBlock, Speaker } from '../document/model';
import type { Flag } from './types';

/** Labels this close (in letters, after `compactLabel`) are one name spelled two ways. */
const SPELLING_DISTANCE = 1;
const MIN_COMPARED_LENGTH = 5;
/** An interview: its two main speakers have at least this share of the turns. */
const INTERVIEW_SHARE = 0.9;

type LabelledBlock = Pick<MarkedBlock, 'type' | 'speaker' | 'label' | 'labelOffset'>;

/**
 * Speaker labels that look wrong: labels of two speakers that differ only by spelling ("Zhao
 * Lijan" beside "Zhao Lijian": machine translation or a typo split one person in two), and in
 * an interview between two people, a label used for a single turn (a garbled name the glossary
 * does not know yet, read as a third speaker). Press conferences, where each outlet asks once,
 * are not interviews by this test.
 */
export function findLabelAnomalies(blocks: readonly LabelledBlock[], speakers: Speaker[]): Flag[] {
	const turns = blocks.filter((b) => b.type === 'turn' && b.label && b.labelOffset !== null);
	const flags: Flag[] = [];
	const turnsOf = new Map<string, number>();
	for (const b of turns) turnsOf.set(b.speaker!, (turnsOf.get(b.speaker!) ?? 0) + 1);

	const flag = (b: LabelledBlock, rule: string, severity: Flag['severity'], message: string) =>
		flags.push({
			source: 'quality',
			kind: 'label-anomaly',
			rule: `label-anomaly/${rule}`,
			start: b.labelOffset!,
			end: b.labelOffset! + b.label!.length,
			actual: b.label!,
			expected: [],
			message,
			severity
		});

	// One name spelled two ways: flag every turn of the speaker with fewer turns.
	const named = speakers.filter((s) => s.labels.length > 0);
	const misspelt = new Map<string, string>();
	for (const a of named) {
		for (const b of named) {
			if (a.id >= b.id || misspelt.has(a.id) || misspelt.has(b.id)) continue;
			const close = a.labels.some((la) =>
				b.labels.some((lb) => {
					const [ca, cb] = [compactLabel(la), compactLabel(lb)];
					// "Speaker 1" and "Speaker 2" are two people numbered, not one name misspelt.
					const numbered = /\d$/.test(ca) && ca.replace(/\d+$/, '') === cb.replace(/\d+$/, '');
					return (
						!numbered &&
						Math.min(ca.length, cb.length) >= MIN_COMPARED_LENGTH &&
						editDistance(ca, cb, SPELLING_DISTANCE) <= SPELLING_DISTANCE
					);
				})
			);
			if (!close) continue;
			const [rare, common] = (turnsOf.get(a.id) ?? 0) < (turnsOf.get(b.id) ?? 0) ? [a, b] : [b, a];
			misspelt.set(rare.id, common.labels[0]!);
		}
	}
	for (const b of turns) {
		const other = misspelt.get(b.speaker!);
		if (other) {
			flag(
				b,
				'spelling',
				'warning',
				`‘${b.label}’ and ‘${other}’ differ only by spelling but are read as two speakers: check whether they are one person.`
			);
		}
	}

	// A third name used once in an interview between two people.
	const ranked = [...turnsOf.entries()].sort((x, y) => y[1] - x[1]);
	const [first, second] = ranked;
	if (!first || !second || (first[1] + second[1]) / turns.length < INTERVIEW_SHARE) return flags;
	const name = (id: string) => speakers.find((s) => s.id === id)?.name ?? id;
	for (const b of turns) {
		if (turnsOf.get(b.speaker!) !== 1 || misspelt.has(b.speaker!)) continue;
		if (isStandardLabel(b.label!)) continue;
		flag(
			b,
			'one-off',
			'info',
			`‘${b.label}’ labels a single turn in an interview between ${name(first[0])} and ${name(second[0])}: it may be a garbled form of one of their names.`
		);
	}
	return flags;
}
