/**
 * Row shapes shared by the delegate and award parsers: section headings, footers, numbering rows,
 * and duplicate grouping. Each works on display strings from readTable.
 */
import { searchKey } from '$lib/format';

/** One thing wrong (or worth a look) with one row, in Vietnamese. */
export interface ImportProblem {
	/** Excel row number. */
	rowNumber: number;
	/** Field key of the draft the problem is about, when it is about one. */
	field?: string;
	/** 'error': the row cannot be imported as it is; 'warning': it can, but check it. */
	severity: 'error' | 'warning';
	message: string;
}

/** A problem object without an `undefined` field key (previews are compared and serialised). */
export function problemAt(
	rowNumber: number,
	severity: ImportProblem['severity'],
	message: string,
	field?: string
): ImportProblem {
	return field === undefined
		? { rowNumber, severity, message }
		: { rowNumber, field, severity, message };
}

/** Rows the parser read past on purpose, so the preview can explain where they went. */
export interface SkippedRow {
	rowNumber: number;
	reason: 'section' | 'header' | 'numbering' | 'stt_only' | 'footer';
	text: string;
}

/** Why rows were grouped as duplicates. */
export type DuplicateReason = 'identity' | 'email' | 'phone';

/** Rows of the file that are, or may be, the same entry. */
export interface DuplicateGroup {
	/** Every Excel row involved, folded ones included, ascending. */
	rowNumbers: number[];
	reasons: DuplicateReason[];
	/**
	 * 'folded': identical rows merged into one; 'conflict': they differ and the user decides (an
	 * error); 'flagged': different entries that share a contact (a secretary's mailbox, a
	 * switchboard), a warning only.
	 */
	resolution: 'folded' | 'conflict' | 'flagged';
}

// "A.", "II –", "1.", "a)", "IV:" at the start of a heading.
const ENUMERATOR = /^\s*(?:([A-Z])|([IVXLC]+)|(\d{1,2})|([a-zđ]))\s*[.)\-–—:]\s*/u;

/** Kind of numbering in front of a heading: top level (A, I) or sub-level (1, a). */
export type EnumeratorStyle = 'letter' | 'roman' | 'number' | 'lower' | 'none';

/** The numbering style of a heading ("II – CẤP HUYỆN" → 'roman'). */
export function enumeratorStyle(text: string): EnumeratorStyle {
	const m = ENUMERATOR.exec(text);
	if (!m) return 'none';
	if (m[2] && m[2].length > 1) return 'roman';
	// A lone I, V or X is read as roman: offices number sections I, II, III far more often than
	// they reach the 9th letter.
	if (m[1]) return /^[IVX]$/.test(m[1]) ? 'roman' : 'letter';
	if (m[2]) return 'roman';
	return m[3] ? 'number' : 'lower';
}

/** Heading text without numbering and trailing colon: "A. CẤP TỈNH:" → "CẤP TỈNH". */
export function stripEnumerator(text: string): string {
	return text
		.replace(ENUMERATOR, '')
		.replace(/\s*:\s*$/, '')
		.trim();
}

/** True when every word of `phrase` (a search key) appears in `key` as consecutive whole words. */
export function keyHasPhrase(key: string, phrase: string): boolean {
	return phrase !== '' && ` ${key} `.includes(` ${phrase} `);
}

/** Distinct non-empty texts of a row, in column order. */
export function distinctTexts(cells: string[]): string[] {
	return [...new Set(cells.filter((c) => c !== ''))];
}

/** Column indexes holding `text`. */
export function columnsOf(cells: string[], text: string): number[] {
	const out: number[] = [];
	cells.forEach((c, i) => {
		if (c === text) out.push(i);
	});
	return out;
}

/** "(1) (2) (3)…" or "1 2 3 4…" under a header: the column numbering of official forms. */
export function isNumberingRow(cells: string[]): boolean {
	const texts = cells.filter((c) => c !== '');
	return texts.length >= 3 && texts.every((c) => /^\(?\d{1,2}\)?$|^\(?[A-Z]\)?$/.test(c));
}

// Matched against the search key plus a trailing space. "Tổng công ty …" is an organisation, not
// a total, hence the look-ahead.
const FOOTER_START = new RegExp(
	'^(?:' +
		[
			'tong cong (?!ty )',
			'tong so ',
			'tong \\d',
			'cong \\d',
			'cong (?:muc|phan|loai) ',
			'nguoi lap',
			'nguoi ky',
			'noi nhan',
			'xac nhan',
			'ky ten',
			'ky ghi ro',
			'dong dau',
			// TM. (thay mặt), KT. (ký thay), TL. (thừa lệnh), TUQ. (thừa ủy quyền) before a signature
			'(?:tm|kt|tl|tuq) '
		].join('|') +
		')'
);

/** True for rows that end a list: totals, "Người lập biểu", "TM. UBND", "…, ngày … tháng … năm". */
export function isFooterText(text: string): boolean {
	const key = searchKey(text);
	if (FOOTER_START.test(`${key} `)) return true;
	// Place-and-date line above a signature: "Phan Rang, ngày 10 tháng 3 năm 2024".
	return /(?:^|\s)ngay(?:\s+\d{1,2})?\s+thang(?:\s+\d{1,2})?\s+nam(?:\s+\d{4})?$/.test(key);
}

const EMAIL_LOCAL = "[a-z0-9](?:[a-z0-9._%+'-]*[a-z0-9_%+'-])?";
const EMAIL_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const EMAIL = new RegExp(`^${EMAIL_LOCAL}@${EMAIL_LABEL}(?:\\.${EMAIL_LABEL})+$`);

/** Plausible email (after lower-casing); deliberately simple, not RFC 5322. */
export function isValidEmail(email: string): boolean {
	return EMAIL.test(email) && !email.includes('..');
}

interface DupKey {
	reason: DuplicateReason;
	key: string | null;
}

/** What findDuplicates decided: rows to keep, and the problems and groups to report. */
export interface DuplicateResult<T> {
	kept: T[];
	problems: ImportProblem[];
	groups: DuplicateGroup[];
}

/**
 * Groups rows that share an identity key, an email or a phone. Rows equal in every field fold into
 * the first (its `sourceRowNumbers` grow); rows that differ stay and get an error each, except for
 * the reasons in `warnOnly`: sharing only those (two people behind one office mailbox or
 * switchboard) is a warning, and their group is 'flagged' rather than 'conflict'.
 */
export function findDuplicates<T extends { rowNumber: number; sourceRowNumbers: number[] }>(
	items: T[],
	keysOf: (t: T) => DupKey[],
	signatureOf: (t: T) => string,
	message: (reason: DuplicateReason, other: number) => string,
	identityField = 'fullName',
	warnOnly: DuplicateReason[] = []
): DuplicateResult<T> {
	const kept: T[] = [];
	const problems: ImportProblem[] = [];
	const bySignature = new Map<string, T>();
	const byKey = new Map<string, T>();
	// Union-find over kept rows so a chain (same name as row 5, same phone as row 9) is one group.
	const parent = new Map<T, T>();
	const find = (t: T): T => {
		let r = t;
		while (parent.get(r) !== r) r = parent.get(r) as T;
		return r;
	};
	const reasonsOf = new Map<T, Set<DuplicateReason>>();
	const union = (a: T, b: T, reason: DuplicateReason) => {
		const ra = find(a);
		const rb = find(b);
		const reasons = new Set([...(reasonsOf.get(ra) ?? []), ...(reasonsOf.get(rb) ?? []), reason]);
		if (ra !== rb) parent.set(rb, ra);
		reasonsOf.set(ra, reasons);
	};
	const foldedInto = new Set<T>();
	// Roots of groups joined by at least one blocking reason.
	const blocking = new Set<T>();

	for (const item of items) {
		const keys = keysOf(item).filter((k) => k.key !== null && k.key !== '');
		if (keys.length > 0) {
			const sig = signatureOf(item);
			const twin = bySignature.get(sig);
			if (twin) {
				twin.sourceRowNumbers.push(item.rowNumber);
				foldedInto.add(twin);
				reasonsOf.set(find(twin), new Set([...(reasonsOf.get(find(twin)) ?? []), keys[0].reason]));
				problems.push({
					rowNumber: item.rowNumber,
					severity: 'warning',
					message: `Trùng hoàn toàn với dòng ${twin.rowNumber}, đã gộp làm một`
				});
				continue;
			}
			bySignature.set(sig, item);
		}
		parent.set(item, item);
		kept.push(item);
		const reported = new Set<number>();
		for (const k of keys) {
			const mapKey = `${k.reason}:${k.key}`;
			const other = byKey.get(mapKey);
			if (!other) {
				byKey.set(mapKey, item);
				continue;
			}
			const wasBlocking = blocking.has(find(other)) || blocking.has(find(item));
			union(other, item, k.reason);
			const warn = warnOnly.includes(k.reason);
			if (wasBlocking || !warn) blocking.add(find(item));
			if (reported.has(other.rowNumber)) continue;
			reported.add(other.rowNumber);
			problems.push({
				rowNumber: item.rowNumber,
				field: k.reason === 'identity' ? identityField : k.reason,
				severity: warn ? 'warning' : 'error',
				message: message(k.reason, other.rowNumber)
			});
		}
	}

	const members = new Map<T, T[]>();
	for (const item of kept) {
		const root = find(item);
		const list = members.get(root);
		if (list) list.push(item);
		else members.set(root, [item]);
	}
	const groups: DuplicateGroup[] = [];
	for (const [root, list] of members) {
		const folded = list.some((t) => foldedInto.has(t));
		if (list.length < 2 && !folded) continue;
		groups.push({
			rowNumbers: list.flatMap((t) => t.sourceRowNumbers).sort((a, b) => a - b),
			reasons: [...(reasonsOf.get(root) ?? [])],
			resolution: list.length < 2 ? 'folded' : blocking.has(root) ? 'conflict' : 'flagged'
		});
	}
	groups.sort((a, b) => a.rowNumbers[0] - b.rowNumbers[0]);
	return { kept, problems, groups };
}

const UNIT_ABBREVIATIONS: [RegExp, string][] = [
	[/\bubnd\b/g, 'uy ban nhan dan'],
	[/\bhdnd\b/g, 'hoi dong nhan dan'],
	[/\bmttqvn\b/g, 'mat tran to quoc viet nam'],
	[/\bmttq\b/g, 'mat tran to quoc'],
	[/\bnhcsxh\b/g, 'ngan hang chinh sach xa hoi'],
	[/\bldtbxh\b|\bld tb xh\b|\bld tb va xh\b/g, 'lao dong thuong binh xa hoi'],
	[/\btp\b/g, 'thanh pho'],
	[/\btx\b/g, 'thi xa'],
	[/\bvn\b/g, 'viet nam']
];

/** Search key of an organisation name, usual abbreviations spelled out (UBND = Ủy ban nhân dân). */
export function unitKey(unit: string | null | undefined): string {
	let key = searchKey(unit ?? '');
	for (const [re, full] of UNIT_ABBREVIATIONS) key = key.replace(re, full);
	// "và" is dropped so "Lao động - Thương binh và Xã hội" equals "LĐ-TB&XH".
	return key
		.split(' ')
		.filter((w) => w !== '' && w !== 'va')
		.join(' ');
}

/** Problems by row number, file-level order kept within a row. */
export function sortProblems(problems: ImportProblem[]): ImportProblem[] {
	return problems
		.map((p, i) => ({ p, i }))
		.sort((a, b) => a.p.rowNumber - b.p.rowNumber || a.i - b.i)
		.map((x) => x.p);
}

/**
 * The heading text of a section row, or null for a data row. A section row has one text (often
 * merged across the table), possibly with its numbering alone in the STT column ("A | CẤP TỈNH").
 * A text alone in the name column is a person listed without details unless it is numbered like a
 * heading, ends with a colon, or `readsLikeHeading` says so.
 */
export function headingOf(
	cells: string[],
	sttCol: number | undefined,
	nameCol: number | undefined,
	readsLikeHeading: (text: string) => boolean
): string | null {
	const texts = distinctTexts(cells);
	if (texts.length === 2 && sttCol !== undefined) {
		const numbering = cells[sttCol] ?? '';
		if (!/^(?:[A-Z]|[IVXLC]+|[a-z])[.)]?$/.test(numbering)) return null;
		const rest = texts.find((t) => t !== numbering) ?? '';
		return `${numbering}${/[.)]$/.test(numbering) ? '' : '.'} ${rest}`;
	}
	if (texts.length !== 1) return null;
	const text = texts[0];
	const where = columnsOf(cells, text);
	// Text only in the STT column: a numbered empty line ("12") or a stray letter, not a heading.
	if (where.every((c) => c === sttCol) && (/^\d+$/.test(text) || text.length <= 4)) return null;
	if (where.length > 1 || where[0] !== nameCol) return text;
	if (enumeratorStyle(text) !== 'none' || text.endsWith(':')) return text;
	return readsLikeHeading(text) ? text : null;
}
