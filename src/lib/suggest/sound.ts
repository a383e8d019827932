/**
 * A rough sound key shared by pinyin and English spelling, for garbles that respell a name's
 * pinyin as English would ("cummingkai" for kang ming kai, "consino" for kang xi nuo). Both
 * spellings are reduced to classes of consonants (k/g/c/q, m/n/ng, s/sh/x/z/j/zh/ch, …) and a
 * mark for each run of vowels; runs of one class collapse. Two spellings with the same key sound
 * alike enough to be worth a reader's look, never more: the suggester gives them a low score.
 */

/** Spellings turned into one class letter, longest first. */
const CLASSES: [RegExp, string][] = [
	[/ng/g, 'N'],
	[/(?:zh|ch|sh|tch|dg)/g, 'S'],
	[/ph/g, 'F'],
	[/ck/g, 'K'],
	[/c(?=[eiy])/g, 'S'],
	[/[ckgq]/g, 'K'],
	[/[mn]/g, 'N'],
	[/[szxj]/g, 'S'],
	[/[td]/g, 'T'],
	[/[pb]/g, 'P'],
	[/[fv]/g, 'F'],
	[/[lr]/g, 'L'],
	[/[aeiouyhw]+/g, 'V']
];

/** The sound key of a spelling: `cummingkai` → `KVNVNKV`, as `kangmingkai`. */
export function soundKey(spelling: string): string {
	// A final -r or -er after a vowel is silent in English ("consinor", "Kaner").
	let s = spelling
		.toLowerCase()
		.replace(/[^a-z]/g, '')
		.replace(/([aeiou])r$/, '$1');
	for (const [pattern, cls] of CLASSES) s = s.replace(pattern, cls);
	return s.replace(/(.)\1+/g, '$1');
}

/** Consonant classes in a key: a key needs some (`KVNVNKV` has 4) to say anything. */
export function consonants(key: string): number {
	return key.replace(/V/g, '').length;
}
