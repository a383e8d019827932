/**
 * Case and punctuation folding shared by the matcher and speaker resolution.
 * Folding maps one UTF-16 code unit to one code unit, so a folded string has the same
 * length as the original and offsets found in it are offsets in the original.
 */
const FOLD = new Uint16Array(0x10000);
/** 1 where a code unit is part of a word (letter, mark, digit; surrogates count as letters). */
const WORD = new Uint8Array(0x10000);

const wordChar = /[\p{L}\p{M}\p{N}]/u;
for (let code = 0; code < 0x10000; code++) {
	const char = String.fromCharCode(code);
	const lower = char.toLowerCase();
	FOLD[code] = lower.length === 1 ? lower.charCodeAt(0) : code;
	WORD[code] = wordChar.test(char) || (code >= 0xd800 && code <= 0xdfff) ? 1 : 0;
}
// Typographic variants that machine translation and editors mix freely.
for (const quote of [0x2019, 0x2018, 0x02bc, 0x0060, 0x00b4]) FOLD[quote] = 0x27; // ’ ‘ ʼ ` ´ → '
for (const space of [0x09, 0x0a, 0xa0, 0x2002, 0x2003, 0x2009, 0x202f, 0x3000]) FOLD[space] = 0x20;

export function foldCode(code: number): number {
	return FOLD[code]!;
}

export function isWordCode(code: number): boolean {
	return WORD[code] === 1;
}

/** Lowercase, straight apostrophes, plain spaces, runs of spaces collapsed, trimmed. */
export function foldKey(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) out += String.fromCharCode(FOLD[text.charCodeAt(i)]!);
	return out.replace(/ {2,}/g, ' ').trim();
}

/** True when `a` and `b` differ at most by apostrophe and space style (not by case). */
export function sameSpelling(a: string, b: string): boolean {
	const plain = (s: string) => s.replace(/[’‘ʼ`´]/g, "'").replace(/\s+/g, ' ');
	return plain(a) === plain(b);
}
