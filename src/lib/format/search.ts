/**
 * Accent-insensitive search keys, so "nguyen thi hong" finds "Nguyễn Thị Hồng" on both the server
 * and the browser (only String.prototype.normalize and Unicode regexes, no ICU-dependent calls).
 */

/** "Nguyễn Thị Hồng" → "nguyen thi hong": no accents, đ → d, other separators become one space. */
export function searchKey(s: string): string {
	return (
		s
			// Lowercase first: some capitals lowercase to a letter plus a combining mark (İ → i̇).
			.toLowerCase()
			.normalize('NFD')
			// Combining marks and invisible format characters (zero-width space, BOM, soft hyphen)
			// go without leaving a gap, so "Ngu\u200byễn" still reads "nguyen".
			.replace(/[\p{M}\p{Cf}]/gu, '')
			// đ is a letter of its own in Unicode, not d plus a mark, so NFD keeps it.
			.replace(/đ/g, 'd')
			.replace(/[^\p{L}\p{N}]+/gu, ' ')
			.trim()
	);
}

/** True when every word of the query's key occurs in the key (the words, already keyed). */
export function matchesSearchKey(haystackKey: string, queryKey: string): boolean {
	const words = queryKey.split(' ').filter(Boolean);
	return words.every((w) => haystackKey.includes(w));
}

/**
 * True when every word of the query occurs in the haystack, ignoring case and accents: "ng th ho"
 * matches "Nguyễn Thị Hồng". Words may match anywhere, not only at a word start, so a fragment
 * of a phone number or a code also finds its row. An empty query matches everything.
 */
export function matchesSearch(haystack: string, query: string): boolean {
	return matchesSearchKey(searchKey(haystack), searchKey(query));
}
