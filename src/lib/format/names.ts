/**
 * Vietnamese personal names: clean-up, splitting, salutations and the official sort order
 * (tên, then chữ đệm, then họ; REFERENCE.md §9.1).
 */

import { searchKey } from './search';

/** Parts of a Vietnamese full name: "Nguyễn Thị Minh Khai" → Nguyễn / Thị Minh / Khai. */
export interface VietnameseName {
	family: string;
	middle: string;
	given: string;
}

/**
 * NFC, no zero-width or control characters, non-breaking and other spaces as one ordinary space,
 * trimmed. Text pasted from Word or Excel, or typed with an NFD keyboard, compares equal after it.
 */
export function normalizeText(s: string): string {
	return (
		s
			// Invisible format characters (zero-width space/joiners, BOM, soft hyphen, bidi marks)
			// are dropped rather than turned into spaces: they sit inside words.
			.replace(/\p{Cf}/gu, '')
			// Tabs, newlines, NBSP, narrow NBSP, ideographic space… become one space.
			.replace(/\s+/g, ' ')
			// Remaining control characters carry no text.
			.replace(/\p{Cc}/gu, '')
			.normalize('NFC')
			.trim()
	);
}

/** Family = first word, given = last word, middle = the rest; a one-word name is a given name. */
export function splitVietnameseName(full: string): VietnameseName {
	const words = normalizeText(full).split(' ').filter(Boolean);
	if (words.length === 0) return { family: '', middle: '', given: '' };
	if (words.length === 1) return { family: '', middle: '', given: words[0] };
	return {
		family: words[0],
		middle: words.slice(1, -1).join(' '),
		given: words[words.length - 1]
	};
}

/** The first letter in lower case ("Chương trình văn nghệ" → "chương trình văn nghệ"), for text set mid-sentence. */
export function lowerFirst(s: string): string {
	return s ? s[0].toLocaleLowerCase('vi') + s.slice(1) : s;
}

/**
 * The collator for names. Vietnamese dictionary order, as ICU's 'vi' implements it: a ă â … d đ
 * … o ô ơ … u ư, tones none < huyền < hỏi < ngã < sắc < nặng (Anh Ành Ảnh Ãnh Ánh Ạnh). The forum
 * order (sắc before hỏi) is not used: ICU is what PostgreSQL's vi-x-icu collation also does, so
 * lists sorted in the browser and in SQL agree.
 */
export const nameCollator = new Intl.Collator('vi', { sensitivity: 'variant', numeric: true });

interface NameSortKey extends VietnameseName {
	full: string;
}

function toSortKey(name: string): NameSortKey {
	const full = normalizeText(name);
	return { ...splitVietnameseName(full), full };
}

function compareSortKeys(a: NameSortKey, b: NameSortKey): number {
	return (
		nameCollator.compare(a.given, b.given) ||
		nameCollator.compare(a.middle, b.middle) ||
		nameCollator.compare(a.family, b.family) ||
		nameCollator.compare(a.full, b.full)
	);
}

/** Compares full names by (tên, chữ đệm, họ, full name): "Lê Văn An" before "Phạm Minh Anh". */
export function compareVietnameseNames(a: string, b: string): number {
	return compareSortKeys(toSortKey(a), toSortKey(b));
}

/** A new array sorted by Vietnamese name order; items with equal names keep their order. */
export function sortByVietnameseName<T>(items: T[], getName: (t: T) => string): T[] {
	// Split each name once, not once per comparison.
	const keyed = items.map((item, index) => ({ item, index, key: toSortKey(getName(item)) }));
	keyed.sort((x, y) => compareSortKeys(x.key, y.key) || x.index - y.index);
	return keyed.map((k) => k.item);
}

export type Salutation = 'Ông' | 'Bà';

// "Ông", "Bà", "Ông/Bà" as a word, then a colon, a dot or spaces, then the name. The \s+ or
// [:.] after the word keeps real names such as "Bàng Văn A" or "Ôn Thị B" intact.
const SALUTATION_WORD = /^(ông\s*\/\s*bà|bà\s*\/\s*ông|ông|bà)(?:\s*[:.]\s*|\s+)(?=\p{L})/iu;
// Abbreviations are only trusted before a capitalised word ("Ô. Trần Văn C").
const SALUTATION_ABBR = /^(Ô|B)\.\s+(?=\p{Lu})/u;
// "Đồng chí" (also "Đ/c") is a form of address, not a gender. Case matters here: "Đồng" is a
// family name, and "Đồng Chí Thanh" (capital C) is a person, while the title is written
// "Đồng chí" or, in headings, "ĐỒNG CHÍ".
const COMRADE = /^(?:[Đđ]ồng chí|ĐỒNG CHÍ|[Đđ]\s*\/\s*[Cc])(?:\s*[:.]\s*|\s+)(?=\p{L})/u;

/**
 * Splits a leading "Ông" / "Bà" (also "Ô." / "B." before a capital, "Ông/Bà", "Đồng chí", "Đ/c")
 * from a name as typed in a list. "Ông" is always stripped: no Vietnamese family name is "Ông" in
 * practice, so "Ông Ích Khiêm" is Mr Ích Khiêm. Nothing is stripped when no name would remain.
 */
export function stripSalutation(raw: string): { salutation: Salutation | null; name: string } {
	let name = normalizeText(raw);
	let salutation: Salutation | null = null;
	const comrade = COMRADE.exec(name);
	if (comrade) name = name.slice(comrade[0].length);
	const word = SALUTATION_WORD.exec(name) ?? SALUTATION_ABBR.exec(name);
	if (word) {
		const key = searchKey(word[1]);
		// "Ông/Bà" says nothing about the person, so it is removed without a salutation.
		if (key === 'ong' || key === 'o') salutation = 'Ông';
		else if (key === 'ba' || key === 'b') salutation = 'Bà';
		name = name.slice(word[0].length);
	}
	return { salutation, name };
}

const MALE = new Set(['nam', 'm', 'male', 'man', 'ong', 'trai', 'gioi tinh nam']);
const FEMALE = new Set(['nu', 'f', 'female', 'woman', 'ba', 'gai', 'gioi tinh nu']);

/** 'Ông' for "Nam", "nam", "M", "Male"; 'Bà' for "Nữ", "nu", "F", "Female"; otherwise null. */
export function guessSalutation(gender: string | null | undefined): Salutation | null {
	if (gender == null) return null;
	const key = searchKey(gender);
	if (MALE.has(key)) return 'Ông';
	if (FEMALE.has(key)) return 'Bà';
	return null;
}
